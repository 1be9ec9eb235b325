// A build without Qt WebSockets (no GUI, no tests): `generate --backend comfyui` says so.
#include "app/remote/remote_generate.h"

#include "core/common/error.h"

namespace reverie::app {

RemoteResult generate_remote(const RemoteServer&, const RemoteRequest&, const RemoteCallbacks&) {
    throw Error(
        "This reverie-cli was built without Qt WebSockets: --backend comfyui is unavailable.");
}

}  // namespace reverie::app
