// ward_rps_sign: makes the signed inputs of the rps example's `commit` and `reveal` methods.
//
//   ward_rps_sign key    PLAYER                       -> the player's public key (hex)
//   ward_rps_sign commit PLAYER CONTEXT CHOICE SALT   -> JSON input for `commit`
//   ward_rps_sign reveal PLAYER CONTEXT CHOICE SALT   -> JSON input for `reveal`
//
// PLAYER is any name: the ed25519 key pair is derived from it, so a name always gives the same
// key and the example's output is reproducible. That makes the keys public knowledge: fine for a
// demo, never for real use. CONTEXT is the 64-hex-digit context id the game runs in.
#include <sodium.h>

#include <cstdio>
#include <string>
#include <string_view>

namespace {

struct KeyPair {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
};

KeyPair demo_key_pair(std::string_view player) {
  const std::string label = "ward rps demo key: " + std::string(player);
  unsigned char seed[crypto_sign_SEEDBYTES];
  crypto_hash_sha256(seed, reinterpret_cast<const unsigned char*>(label.data()), label.size());
  KeyPair kp;
  crypto_sign_seed_keypair(kp.pk, kp.sk, seed);
  return kp;
}

std::string hex(const unsigned char* p, size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += kDigits[p[i] >> 4];
    s += kDigits[p[i] & 15];
  }
  return s;
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", c);
      out += esc;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The context id in canonical (lowercase) hex, or "" if it is not 32 bytes of hex.
std::string canonical_context(std::string_view text) {
  unsigned char id[32];
  size_t len = 0;
  if (text.size() != 64 ||
      sodium_hex2bin(id, sizeof id, text.data(), text.size(), nullptr, &len, nullptr) != 0 ||
      len != sizeof id) {
    return "";
  }
  return hex(id, sizeof id);
}

std::string sign(const KeyPair& kp, const std::string& message) {
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), kp.sk);
  return hex(sig, sizeof sig);
}

int usage() {
  std::fputs(
      "usage: ward_rps_sign key PLAYER\n"
      "       ward_rps_sign commit|reveal PLAYER CONTEXT CHOICE SALT\n",
      stderr);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (sodium_init() < 0) {
    std::fputs("ward_rps_sign: libsodium failed to initialise\n", stderr);
    return 1;
  }
  if (argc < 3) return usage();
  const std::string_view command = argv[1];
  const KeyPair kp = demo_key_pair(argv[2]);
  const std::string player = hex(kp.pk, sizeof kp.pk);
  if (command == "key" && argc == 3) {
    std::printf("%s\n", player.c_str());
    return 0;
  }
  if ((command != "commit" && command != "reveal") || argc != 6) return usage();

  const std::string context = canonical_context(argv[3]);
  if (context.empty()) {
    std::fputs("ward_rps_sign: CONTEXT must be 64 hex digits\n", stderr);
    return 2;
  }
  const std::string choice = argv[4];
  const std::string salt = argv[5];
  if (choice != "rock" && choice != "paper" && choice != "scissors") {
    std::fputs("ward_rps_sign: CHOICE must be rock, paper or scissors\n", stderr);
    return 2;
  }

  // The messages the guest rebuilds and verifies (rps.c).
  if (command == "commit") {
    const std::string preimage = choice + salt;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(preimage.data()),
                       preimage.size());
    const std::string commitment = hex(digest, sizeof digest);
    const std::string signature = sign(kp, "rps commit " + context + " " + commitment);
    std::printf("{\"player\":\"%s\",\"commitment\":\"%s\",\"signature\":\"%s\"}\n", player.c_str(),
                commitment.c_str(), signature.c_str());
  } else {
    const std::string signature = sign(kp, "rps reveal " + context + " " + choice + " " + salt);
    std::printf("{\"player\":\"%s\",\"choice\":\"%s\",\"salt\":%s,\"signature\":\"%s\"}\n",
                player.c_str(), choice.c_str(), json_string(salt).c_str(), signature.c_str());
  }
  return 0;
}
