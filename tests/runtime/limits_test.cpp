// VMLimits: the reference defaults (§5.1) and rejection of invalid combinations.
#include <gtest/gtest.h>

#include "ward/runtime/limits.hpp"

namespace ward::runtime {
namespace {

TEST(VMLimits, DefaultsAreTheReferenceDefaults) {
  VMLimits l;
  EXPECT_EQ(l.max_memory_pages, 1024u);
  EXPECT_EQ(l.max_stack_size, 204'800u);
  EXPECT_EQ(l.max_registers, 100u);
  EXPECT_EQ(l.max_register_size, 104'857'600u);
  EXPECT_EQ(l.max_registers_capacity, 1'073'741'824u);
  EXPECT_EQ(l.max_logs, 1024u);
  EXPECT_EQ(l.max_log_size, 16'384u);
  EXPECT_EQ(l.max_events, 100u);
  EXPECT_EQ(l.max_event_kind_size, 100u);
  EXPECT_EQ(l.max_event_data_size, 16'384u);
  EXPECT_EQ(l.max_xcalls, 8u);
  EXPECT_EQ(l.max_xcall_function_size, 100u);
  EXPECT_EQ(l.max_xcall_params_size, 16'384u);
  EXPECT_EQ(l.max_storage_key_size, 1'048'576u);
  EXPECT_EQ(l.max_storage_value_size, 10'485'760u);
  EXPECT_EQ(l.max_storage_writes, 100'000u);
  EXPECT_EQ(l.max_storage_write_bytes, 134'217'728u);
  EXPECT_EQ(l.max_blob_handles, 100u);
  EXPECT_EQ(l.max_blob_chunk_size, 10'485'760u);
  EXPECT_EQ(l.max_blob_total_size, 536'870'912u);
  EXPECT_EQ(l.max_storage_index_scan_limit, 100'000u);
  EXPECT_EQ(l.max_return_value_size, 16'777'216u);
  EXPECT_EQ(l.max_method_name_length, 256u);
  EXPECT_EQ(l.max_module_size, 20'971'520u);
  EXPECT_EQ(l.max_artifact_size, 16'777'216u);
  EXPECT_EQ(l.max_precompiled_module_size, 268'435'456u);
  EXPECT_EQ(l.max_gas, 1'000'000'000u);
  EXPECT_EQ(l.validate(), std::nullopt);
}

TEST(VMLimits, InvalidCombinationsAreRejectedByName) {
  auto message = [](auto mutate) {
    VMLimits l;
    mutate(l);
    auto m = l.validate();
    return m ? *m : std::string();
  };
  EXPECT_NE(message([](VMLimits& l) { l.max_gas = 0; }).find("max_gas"), std::string::npos);
  EXPECT_NE(message([](VMLimits& l) { l.max_storage_key_size = 0; }).find("max_storage_key_size"),
            std::string::npos);
  EXPECT_NE(
      message([](VMLimits& l) { l.max_storage_value_size = 0; }).find("max_storage_value_size"),
      std::string::npos);
  EXPECT_NE(message([](VMLimits& l) {
              l.max_register_size = 10;
              l.max_registers_capacity = 9;
            }).find("max_registers_capacity"),
            std::string::npos);
  EXPECT_EQ(message([](VMLimits& l) {
              l.max_register_size = 10;
              l.max_registers_capacity = 10;
            }),
            "");
  EXPECT_NE(message([](VMLimits& l) {
              l.max_register_size = UINT64_MAX - 1;
              l.max_registers_capacity = UINT64_MAX;
            }).find("max_register_size"),
            std::string::npos);
  EXPECT_EQ(message([](VMLimits& l) {
              l.max_register_size = UINT64_MAX - 2;
              l.max_registers_capacity = UINT64_MAX;
            }),
            "");
}

}  // namespace
}  // namespace ward::runtime
