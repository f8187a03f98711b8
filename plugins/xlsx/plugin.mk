# The xlsx plugin: reads .xlsx workbooks with libzip and expat.
xlsx_PKGS = libzip expat
xlsx_DEBS = libzip-dev libexpat1-dev
