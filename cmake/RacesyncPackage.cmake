# What `cmake --install` and `cpack -G DEB` ship besides the executable and its data: the docs
# and the systemd units, and the Debian package's metadata. Included last by CMakeLists.txt.

install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/CONTRACT.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The units are examples to copy to /etc/systemd/system and edit (working directory, configuration,
# user, secrets file): they are not installed into lib/systemd/system, where systemd would offer
# a unit that cannot run before it is edited, and where an upgrade would overwrite the edits.
install(FILES ${PROJECT_SOURCE_DIR}/scripts/racesync.service ${PROJECT_SOURCE_DIR}/scripts/racesync.timer
        DESTINATION ${RACESYNC_DATA_DIR}/systemd)

set(RACESYNC_PACKAGE_MAINTAINER "racesync maintainers <racesync@example.org>"
    CACHE STRING "The Maintainer field of the Debian package")

set(CPACK_PACKAGE_NAME racesync)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR racesync)
set(CPACK_PACKAGE_CONTACT "${RACESYNC_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "race registrations to RACEMAP starter keys, QR codes, RaceRanger athletes and mails")
# One string (a list would put ';' in the control file), wrapped for `dpkg -s` and `apt show`.
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "racesync is the batch job a timing company or race director runs every\n"
  "night before a race. From the registration exports (CSV files or RACE\n"
  "RESULT) it gets a RACEMAP starter key for every registrant, builds redeem\n"
  "links and QR codes, writes the RACEMAP participant import, pushes the\n"
  "athletes to RaceRanger, mails every registrant once and writes a report.\n"
  "'racesync demo' runs it all against simulated services.")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${RACESYNC_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # racesync_<version>_<arch>.deb
# The shared libraries come from dpkg-shlibdeps (dpkg-dev); what it cannot see is listed here:
# the CA certificates Poco's TLS (RACEMAP, RaceRanger, RACE RESULT, SMTP) verifies servers with,
# and the fonts `racesync labels` draws with through fontconfig (never linked, so invisible to
# shlibdeps): Noto Sans for Latin, Greek, Cyrillic and most other scripts (fonts-noto-core), Noto
# Sans Mono for the keys (fonts-noto-mono), and Chinese, Japanese and Korean names
# (fonts-noto-cjk). Without them pango falls back to whatever is installed, or draws boxes.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "ca-certificates, fonts-noto-core, fonts-noto-mono, fonts-noto-cjk")
set(CPACK_GENERATOR DEB)
include(CPack)
