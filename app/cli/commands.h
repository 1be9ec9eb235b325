#pragma once
// Each reverie-cli subcommand lives in its own cmd_<name>.cpp and is listed in main.cpp.
#include <string>
#include <vector>

namespace reverie::cli {

using CommandArgs = std::vector<std::string>;

int cmd_info(const CommandArgs& args);
int cmd_tokenize(const CommandArgs& args);
int cmd_bench(const CommandArgs& args);
int cmd_generate(const CommandArgs& args);
int cmd_train_demo(const CommandArgs& args);
int cmd_eval_demo(const CommandArgs& args);
int cmd_assets(const CommandArgs& args);

}  // namespace reverie::cli
