#include "app/cli/commands.h"
#include "core/common/error.h"
namespace reverie::cli {
int cmd_tokenize(const CommandArgs&) {
    throw Error("tokenize: not implemented yet");
}
}  // namespace reverie::cli
