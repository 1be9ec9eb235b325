#pragma once
// AUTOMATIC1111's "inpaint only masked": regenerate a padded context rectangle around the mask at
// full resolution, then paste it back without a seam.
#include <optional>

#include "core/image/image.h"

namespace reverie::image {

// Bounding box of the pixels > 0, as PIL's getbbox; nullopt for an empty mask.
std::optional<Box> mask_bounds(const Mask& mask);

// The mask's bounds padded by `padding` (clamped to the image, which is the mask's size), then
// widened or heightened to `target_width : target_height` as A1111's expand_crop_region does:
// centred on the mask, shifted back inside the image, and clamped when the image is too small.
// Throws reverie::Error for an empty mask.
Box crop_box(const Mask& mask, int padding, int target_width, int target_height);

// Composites `generated_crop` (any size; resized to the box) into a copy of `original` inside
// `box`. Where mask == 255 the result is the generated pixel; the mask's edge fades out over
// `feather_px` pixels (and is faded again towards box sides inside the image), so pixels outside
// the box are byte-identical to `original` and no seam shows. `mask` has the original's size.
Image paste_back(const Image& original, const Image& generated_crop, const Box& box,
                 const Mask& mask, int feather_px);

}  // namespace reverie::image
