#include "core/image/image_io.h"

#include <cstdio>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/common/error.h"
#include "core/image/cv_bridge.h"
#include "core/image/image_header.h"
#include "core/image/png_parameters.h"

namespace reverie::image {
namespace {

constexpr int64_t kMaxFileBytes = int64_t(1) << 30;

std::vector<uint8_t> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in)
        throw Error("Cannot open image '" + path + "': the file does not exist or is unreadable");
    const std::streamoff size = in.tellg();
    if (size <= 0) throw Error("Cannot load image '" + path + "': the file is empty");
    if (size > kMaxFileBytes)
        throw Error("Cannot load image '" + path + "': the file is larger than 1 GiB");
    std::vector<uint8_t> bytes(static_cast<size_t>(size));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), size))
        throw Error("Cannot load image '" + path + "': reading the file failed");
    return bytes;
}

void check_dimensions(const std::string& path, int64_t w, int64_t h) {
    if (w > kMaxImageSide || h > kMaxImageSide || w * h > kMaxImagePixels)
        throw Error("Refusing to load image '" + path + "': " + std::to_string(w) + "x" +
                    std::to_string(h) + " is too large (at most " + std::to_string(kMaxImageSide) +
                    " px a side and " + std::to_string(kMaxImagePixels) + " pixels)");
}

cv::Mat to_8bit(const cv::Mat& m) {
    if (m.depth() == CV_8U) return m;
    cv::Mat out;
    switch (m.depth()) {
        case CV_16U:
            m.convertTo(out, CV_8U, 1.0 / 257.0);
            break;
        case CV_32F:
        case CV_64F:
            m.convertTo(out, CV_8U, 255.0);
            break;
        default: {
            double lo = 0, hi = 0;
            cv::minMaxLoc(m.reshape(1), &lo, &hi);
            m.convertTo(out, CV_8U, hi > lo ? 255.0 / (hi - lo) : 1.0,
                        hi > lo ? -lo * 255.0 / (hi - lo) : 0);
        }
    }
    return out;
}

// EXIF orientations 2..8 as flips and rotations (tag semantics from the EXIF 2.3 spec, 4.6.4).
cv::Mat apply_orientation(const cv::Mat& m, int orientation) {
    cv::Mat out;
    switch (orientation) {
        case 2:
            cv::flip(m, out, 1);
            break;
        case 3:
            cv::rotate(m, out, cv::ROTATE_180);
            break;
        case 4:
            cv::flip(m, out, 0);
            break;
        case 5:
            cv::transpose(m, out);
            break;
        case 6:
            cv::rotate(m, out, cv::ROTATE_90_CLOCKWISE);
            break;
        case 7:
            cv::transpose(m, out);
            cv::flip(out, out, -1);
            break;
        case 8:
            cv::rotate(m, out, cv::ROTATE_90_COUNTERCLOCKWISE);
            break;
        default:
            return m;
    }
    return out;
}

void write_atomically(const std::string& path, const std::vector<uint8_t>& bytes) {
    const std::string tmp = path + ".part";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error("Cannot write image '" + path + "': the folder is not writable");
        out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
        out.flush();
        if (!out) {
            out.close();
            std::remove(tmp.c_str());
            throw Error("Cannot write image '" + path + "': writing failed (is the disk full?)");
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw Error("Cannot write image '" + path + "': renaming the temporary file failed");
    }
}

std::vector<uint8_t> encode(const std::string& path, const Image& image, const char* ext,
                            const std::vector<int>& params) {
    if (image.empty() || (image.channels != 1 && image.channels != 3 && image.channels != 4))
        throw Error("Cannot save image '" + path + "': the image is empty or not grey/RGB/RGBA");
    cv::Mat bgr;
    const cv::Mat src = as_mat(image);
    if (image.channels == 3)
        cv::cvtColor(src, bgr, cv::COLOR_RGB2BGR);
    else if (image.channels == 4)
        cv::cvtColor(src, bgr, cv::COLOR_RGBA2BGRA);
    else
        bgr = src;
    std::vector<uint8_t> bytes;
    bool ok = false;
    try {
        ok = cv::imencode(ext, bgr, bytes, params);
    } catch (const cv::Exception& e) {
        throw Error("Cannot save image '" + path + "': " + e.what());
    }
    if (!ok) throw Error("Cannot save image '" + path + "': encoding failed");
    return bytes;
}

}  // namespace

LoadedImage load_image(const std::string& path, const LoadOptions& options) {
    return decode_image(read_file(path), path, options);
}

LoadedImage decode_image(const std::vector<uint8_t>& bytes, const std::string& path,
                         const LoadOptions& options) {
    const ImageHeader header = read_image_header(bytes.data(), bytes.size());
    if (header.format.empty())
        throw Error("Cannot load image '" + path +
                    "': not a supported format (PNG, JPEG, WebP, TIFF or BMP)");
    check_dimensions(path, header.width, header.height);
    if (header.truncated)
        throw Error("Cannot load image '" + path + "': the " + header.format +
                    " file is truncated or corrupt");

    cv::Mat decoded;
    try {
        // UNCHANGED keeps alpha and skips OpenCV's own EXIF handling, which is applied below.
        decoded = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        throw Error("Cannot load image '" + path + "': the " + header.format +
                    " data is corrupt (" + e.what() + ")");
    }
    if (decoded.empty() || decoded.dims != 2)
        throw Error("Cannot load image '" + path + "': the " + header.format +
                    " data is corrupt or uses an unsupported variant");
    check_dimensions(path, decoded.cols, decoded.rows);

    cv::Mat m = apply_orientation(to_8bit(decoded), header.orientation);
    LoadedImage out;
    out.format = header.format;
    cv::Mat rgb, alpha;
    switch (m.channels()) {
        case 1:
            cv::cvtColor(m, rgb, cv::COLOR_GRAY2RGB);
            break;
        case 3:
            cv::cvtColor(m, rgb, cv::COLOR_BGR2RGB);
            break;
        case 4:
            cv::cvtColor(m, rgb, cv::COLOR_BGRA2RGB);
            cv::extractChannel(m, alpha, 3);
            break;
        default:
            throw Error("Cannot load image '" + path + "': " + std::to_string(m.channels()) +
                        " colour channels are not supported");
    }
    out.rgb = from_mat(rgb);
    if (!alpha.empty()) {
        out.alpha = from_mat(alpha);
        const auto& bg = options.background;
        for (int y = 0; y < out.rgb.height; ++y) {
            uint8_t* px = out.rgb.row(y);
            const uint8_t* a = out.alpha.row(y);
            for (int x = 0; x < out.rgb.width; ++x, px += 3) {
                if (a[x] == 255) continue;
                out.transparent = true;
                for (int c = 0; c < 3; ++c)
                    px[c] = uint8_t((px[c] * a[x] + bg[c] * (255 - a[x]) + 127) / 255);
            }
        }
    }
    return out;
}

void save_png(const std::string& path, const Image& image, const TextChunks& text_chunks) {
    std::vector<uint8_t> bytes = encode(path, image, ".png", {cv::IMWRITE_PNG_COMPRESSION, 6});
    if (!text_chunks.empty()) bytes = insert_png_text(bytes, text_chunks);
    write_atomically(path, bytes);
}

void save_jpeg(const std::string& path, const Image& image, int quality) {
    write_atomically(path, encode(path, image, ".jpg", {cv::IMWRITE_JPEG_QUALITY, quality}));
}

void save_webp(const std::string& path, const Image& image, int quality) {
    write_atomically(path, encode(path, image, ".webp", {cv::IMWRITE_WEBP_QUALITY, quality}));
}

}  // namespace reverie::image
