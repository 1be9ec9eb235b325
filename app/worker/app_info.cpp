#include "app/worker/app_info.h"

#include "core/common/version.h"

namespace reverie::app {

QString engine_version() {
    return QString::fromStdString(reverie::version_string());
}

}  // namespace reverie::app
