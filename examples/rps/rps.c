/* rps: rock-paper-scissors between two players, with commit-reveal so that neither can pick
 * after seeing the other's move.
 *
 *   commit {"player": PK, "commitment": H, "signature": S}
 *       H = SHA-256(choice || salt) in hex; S signs "rps commit <context id> <H>".
 *       The first two distinct players join the game.
 *   reveal {"player": PK, "choice": C, "salt": SALT, "signature": S}
 *       Only once both players have committed. S signs "rps reveal <context id> <C> <SALT>";
 *       SHA-256(C || SALT) must equal the player's commitment.
 *   result (no input)
 *       {"winner": PK or null for a draw, "moves": {PK1: C1, PK2: C2}} once both revealed.
 *
 * PK is an ed25519 public key (64 hex digits), S an ed25519 signature (128 hex digits), C one
 * of rock, paper, scissors. Signing the context id keeps a move from being replayed in another
 * game. ward_rps_sign (sign.cpp) produces these inputs. */
#include <ward/guest.h>

#include "json.h"
#include "sha256.h"

enum { NONE = 0, ROCK = 1, PAPER = 2, SCISSORS = 3 };
static const char* const kChoiceNames[] = {"", "rock", "paper", "scissors"};

/* Bytes only, so the struct has no padding and is stored as it is. */
typedef struct {
  uint8_t key[32];        /* ed25519 public key */
  uint8_t commitment[32]; /* SHA-256(choice || salt) */
  uint8_t choice;         /* NONE until revealed */
} player;

typedef struct {
  uint8_t count;
  player players[2];
} game;

/* The whole game is one value under a 32-byte key. */
static void game_key(uint8_t out[32]) { sha256("rps/game", 8, out); }

static void load_game(game* g) {
  uint8_t key[32];
  game_key(key);
  size_t len;
  void* stored = ward_storage_get(key, 32, &len);
  memset(g, 0, sizeof *g);
  if (stored) {
    if (len != sizeof *g) ward_panic("rps: corrupt game state");
    memcpy(g, stored, sizeof *g);
  }
}

static void save_game(const game* g) {
  uint8_t key[32];
  game_key(key);
  ward_storage_set(key, 32, g, sizeof *g);
}

static player* find_player(game* g, const uint8_t key[32]) {
  for (int i = 0; i < g->count; ++i) {
    if (memcmp(g->players[i].key, key, 32) == 0) return &g->players[i];
  }
  return NULL;
}

/* "rps <action> <context id hex> " followed by the action's own text. */
static strbuf signed_message(const char* action) {
  uint8_t context[32];
  ward_context_id(context);
  strbuf m = {0, 0, 0};
  sb_puts(&m, "rps ");
  sb_puts(&m, action);
  sb_putc(&m, ' ');
  sb_put_hex(&m, context, 32);
  sb_putc(&m, ' ');
  return m;
}

static int signature_valid(const strbuf* message, const uint8_t sig[64], const uint8_t pk[32]) {
  return ward_ed25519_verify(sig, pk, message->ptr, message->len);
}

/* Emits `kind` with the player's key (hex) as data and logs e.g. "player 3f2a9c1e committed". */
static void announce(const char* kind, const char* verb, const uint8_t key[32]) {
  strbuf hex = {0, 0, 0};
  sb_put_hex(&hex, key, 32);
  ward_emit(kind, hex.ptr, hex.len);
  strbuf line = {0, 0, 0};
  sb_puts(&line, "player ");
  sb_put(&line, hex.ptr, 8);
  sb_putc(&line, ' ');
  sb_puts(&line, verb);
  ward_log_bytes(line.ptr, line.len);
}

/* The methods below return NULL on success or an error message; the exported wrappers at the
 * end return that message as the call's error, which also discards the call's storage writes. */

static const char* commit_move(void) {
  json_field f[3] = {
      {"player", 1, 0, {0, 0}}, {"commitment", 1, 0, {0, 0}}, {"signature", 1, 0, {0, 0}}};
  const char* err = read_args(f, 3);
  if (err) return err;
  uint8_t pk[32], commitment[32], sig[64];
  if (!hex_decode(f[0].value, pk, 32)) return "invalid input: player must be 64 hex digits";
  if (!hex_decode(f[1].value, commitment, 32)) {
    return "invalid input: commitment must be 64 hex digits";
  }
  if (!hex_decode(f[2].value, sig, 64)) {
    return "invalid input: signature must be 128 hex digits";
  }

  strbuf message = signed_message("commit");
  sb_put_hex(&message, commitment, 32); /* canonical lowercase, whatever case was sent */
  if (!signature_valid(&message, sig, pk)) return "invalid signature";

  game g;
  load_game(&g);
  if (find_player(&g, pk)) return "this player has already committed";
  if (g.count == 2) return "the game already has two players";
  player* p = &g.players[g.count++];
  memcpy(p->key, pk, 32);
  memcpy(p->commitment, commitment, 32);
  save_game(&g);
  announce("Committed", "committed", pk);
  return NULL;
}

static int parse_choice(slice s) {
  for (int c = ROCK; c <= SCISSORS; ++c) {
    if (slice_eq(s, kChoiceNames[c])) return c;
  }
  return NONE;
}

static const char* reveal_move(void) {
  json_field f[4] = {{"player", 1, 0, {0, 0}},
                     {"choice", 1, 0, {0, 0}},
                     {"salt", 1, 0, {0, 0}},
                     {"signature", 1, 0, {0, 0}}};
  const char* err = read_args(f, 4);
  if (err) return err;
  slice choice_text = f[1].value, salt = f[2].value;
  uint8_t pk[32], sig[64];
  if (!hex_decode(f[0].value, pk, 32)) return "invalid input: player must be 64 hex digits";
  int choice = parse_choice(choice_text);
  if (choice == NONE) return "invalid input: choice must be rock, paper or scissors";
  if (!hex_decode(f[3].value, sig, 64)) {
    return "invalid input: signature must be 128 hex digits";
  }

  strbuf message = signed_message("reveal");
  sb_put_slice(&message, choice_text);
  sb_putc(&message, ' ');
  sb_put_slice(&message, salt);
  if (!signature_valid(&message, sig, pk)) return "invalid signature";

  game g;
  load_game(&g);
  player* p = find_player(&g, pk);
  if (!p) return "this player has not committed";
  /* Revealing earlier would show the move to a player who has not committed yet. */
  if (g.count < 2) return "waiting for the second player to commit";
  if (p->choice != NONE) return "this player has already revealed";

  uint8_t digest[32];
  sha256_ctx c;
  sha256_init(&c);
  sha256_update(&c, choice_text.ptr, choice_text.len);
  sha256_update(&c, salt.ptr, salt.len);
  sha256_final(&c, digest);
  if (memcmp(digest, p->commitment, 32) != 0) {
    return "choice and salt do not match the commitment";
  }
  p->choice = (uint8_t)choice;
  save_game(&g);
  announce("Revealed", "revealed", pk);
  return NULL;
}

static const char* game_result(void) {
  const char* err = read_args(NULL, 0);
  if (err) return err;
  game g;
  load_game(&g);
  if (g.count < 2 || g.players[0].choice == NONE || g.players[1].choice == NONE) {
    return "the game is not finished";
  }
  const player* a = &g.players[0];
  const player* b = &g.players[1];
  /* Each choice beats the one before it, cyclically: paper > rock > scissors > paper. */
  int diff = (a->choice - b->choice + 3) % 3;

  strbuf out = {0, 0, 0};
  sb_puts(&out, "{\"winner\":");
  if (diff == 0) {
    sb_puts(&out, "null");
  } else {
    sb_putc(&out, '"');
    sb_put_hex(&out, diff == 1 ? a->key : b->key, 32);
    sb_putc(&out, '"');
  }
  sb_puts(&out, ",\"moves\":{");
  for (int i = 0; i < 2; ++i) {
    if (i) sb_putc(&out, ',');
    sb_putc(&out, '"');
    sb_put_hex(&out, g.players[i].key, 32);
    sb_puts(&out, "\":\"");
    sb_puts(&out, kChoiceNames[g.players[i].choice]);
    sb_putc(&out, '"');
  }
  sb_puts(&out, "}}");
  return_ok_buf(&out);
  return NULL;
}

static void finish(const char* err) {
  if (err) ward_return_err_str(err);
}

WARD_EXPORT(commit) { finish(commit_move()); }
WARD_EXPORT(reveal) { finish(reveal_move()); }
WARD_EXPORT(result) { finish(game_result()); }
