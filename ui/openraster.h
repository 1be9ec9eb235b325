#pragma once
// Layered documents as OpenRaster (.ora), which Krita, GIMP and MyPaint read: a zip holding
// "mimetype" (stored, first), stack.xml (the layers, top first, with name, opacity, visibility
// and offset), one PNG per layer under data/, the flattened picture (mergedimage.png, with the
// A1111 "parameters" text) and a thumbnail. A layer's generation parameters travel in the
// reverie:parameters attribute, a control layer's ControlNet unit in reverie:control (other
// programs see an ordinary layer).
#include <QString>
#include <optional>
#include <vector>

#include "ui/canvas_document.h"

namespace reverie::ui {

struct OpenRasterDocument {
    QSize size;
    std::vector<Layer> layers;  // bottom first, each of `size`; ids left 0
};

// An empty string on success, else a message naming the problem.
QString save_openraster(const QString& path, const CanvasDocument& document);
// The same for layers outside a document (the autosave's copy, on its own thread); `parameters`
// go into the flattened picture.
QString save_openraster(const QString& path, QSize size, const std::vector<Layer>& layers,
                        const QString& parameters);
// The document, or nullopt with `*error` saying why (not a zip, no stack.xml, a missing or
// broken layer, absurd sizes).
std::optional<OpenRasterDocument> load_openraster(const QString& path, QString* error);
// The same from bytes in memory (what the file holds).
std::optional<OpenRasterDocument> read_openraster(const QByteArray& bytes, QString* error);

}  // namespace reverie::ui
