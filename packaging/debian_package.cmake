# CPack: `cpack -G DEB` in the build folder makes reverie_<version>_<arch>.deb for Debian 12. It
# repackages what `cmake --install` lays out, under /usr.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "reverie")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "The Reverie developers")
set(CPACK_PACKAGE_CONTACT "The Reverie developers <reverie@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "native desktop studio for Stable Diffusion")
set(CPACK_PACKAGE_DESCRIPTION
  "Reverie creates and repaints images with latent diffusion (Stable Diffusion 1.x and 2.x) on\n"
  "your own computer: txt2img, img2img and inpainting, in a Qt window (reverie) or from the\n"
  "command line (reverie-cli). It loads single-file .safetensors checkpoints and diffusers\n"
  "folders, and ships a small built-in model.")
string(JOIN "" CPACK_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "graphics")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")

# Debian 12 (bookworm) runtime packages for every library the binaries and libreverie_spm.so link
# (packaging/tests/check-deb-depends.sh checks this list against the binaries' NEEDED entries).
# A build against another LibTorch (a CUDA one from pip, see README) must set its own list.
set(REVERIE_DEB_DEPENDS
  "libc6 (>= 2.36), libstdc++6 (>= 12), libgcc-s1"
  "libtorch1.13 (>= 1.13.1)"
  "libopencv-core406, libopencv-imgproc406, libopencv-imgcodecs406"
  "libprotobuf32 (>= 3.21.12), libsentencepiece0 (>= 0.1.97), libyaml-cpp0.7, libicu72"
  "zlib1g, libcurl4 (>= 7.88), libssl3 (>= 3.0)")
if(REVERIE_BUILD_GUI)
  list(APPEND REVERIE_DEB_DEPENDS "libqt6core6 (>= 6.4.2), libqt6gui6 (>= 6.4.2), libqt6widgets6 (>= 6.4.2), libqt6network6 (>= 6.4.2), libqt6websockets6 (>= 6.4.2)")
endif()
if(REVERIE_SANITIZE)  # a sanitized build (the asan preset) carries GCC's runtimes
  list(APPEND REVERIE_DEB_DEPENDS "libasan8, libubsan1")
endif()
string(JOIN ", " default_depends ${REVERIE_DEB_DEPENDS})
set(REVERIE_DEB_DEPENDS_OVERRIDE "" CACHE STRING
  "Depends of the .deb when not building against Debian 12's packages (empty: the Debian 12 list)")
if(REVERIE_DEB_DEPENDS_OVERRIDE)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${REVERIE_DEB_DEPENDS_OVERRIDE}")
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${default_depends}")
endif()
# OpenBLAS replaces Debian's reference BLAS behind LibTorch's matrix products (about ten times
# faster here). The Chinese interface needs a CJK font; Wayland sessions want Qt's Wayland plugin.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-openmp")
if(REVERIE_BUILD_GUI)
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-openmp, fonts-noto-cjk, qt6-wayland")
endif()

include(CPack)
