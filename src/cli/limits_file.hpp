// `--limits FILE`: a JSON object whose members set VMLimits fields (calimero-abi.md §5.1) by
// name; fields it leaves out keep their defaults.
#pragma once

#include <string>

#include "ward/engine/error.hpp"
#include "ward/runtime/limits.hpp"

namespace ward::cli {

// Applies the members of the JSON object `text` to `limits`. The error names the offending
// member: an unknown field, or a value that is not an integer in the field's range. The
// combination is not checked here (VMLimits::validate does that once every source is applied).
engine::Result<runtime::VMLimits, std::string> apply_limits_json(const std::string& text,
                                                                 runtime::VMLimits limits);

// Reads the file at `path` and applies it as above; the error names the file.
engine::Result<runtime::VMLimits, std::string> load_limits_file(const std::string& path,
                                                                runtime::VMLimits limits);

// The names of every VMLimits field, in declaration order (for help texts and documentation).
std::string limit_field_names();

}  // namespace ward::cli
