#pragma once
// Generating inside a rectangle of the canvas (the region tool): the region is cut out of the
// flattened picture and rendered at the model's size, whatever its own size (a 300×200 patch of a
// 4000×3000 photo is rendered at about 512×512, not at 4000×3000, and a small region is not
// rendered below the size the model was trained at); the result is scaled back into the region
// and lands on a layer of its own with feathered edges, so nothing outside the region changes.
#include <QImage>
#include <QRect>
#include <QSize>

namespace reverie::ui {

// The size a region is rendered at: the region's aspect ratio with about the area of `model`
// (the panel's width × height), sides multiples of 8 and at least 64.
QSize region_render_size(QSize region, QSize model);

// The region of `picture` scaled to `renderSize` (smooth): the job's init picture or mask.
QImage cut_region(const QImage& picture, const QRect& region, QSize renderSize);

// The result as a layer of `canvasSize`: scaled into `region`, transparent elsewhere, its edges
// faded over `feather` pixels on the sides that are inside the canvas (a side on the canvas's
// border stays hard). With `mask` (the job's mask, any size), only the masked part shows.
QImage region_layer(const QImage& result, const QRect& region, QSize canvasSize,
                    const QImage& mask = {}, int feather = 8);

// An inpainting preview shown only where the job's mask repaints: the sampler's estimate of the
// unmasked part is not what the result will hold there (the picture is kept), so showing it
// would flash a different picture over the whole canvas. `part` is the preview's place in the
// mask (an "only masked" crop; empty: all of it). In two parts, so a job's previews (all of one
// size and place) share one scaled mask: the alpha of previews of `size`, and a preview with it.
QImage preview_alpha(const QImage& mask, const QRect& part, QSize size);
QImage with_alpha(const QImage& preview, const QImage& alpha);

// Where a preview of a region job goes on the canvas: `where` is its place in the rendered
// picture of `renderSize` (empty: all of it).
QRect region_preview_place(const QRect& region, QSize renderSize, const QRect& where);

}  // namespace reverie::ui
