# The xlsx plugin: reads .xlsx workbooks with libzip and expat, writes them
# with libxlsxwriter.
xlsx_PKGS = libzip expat xlsxwriter
xlsx_DEBS = libzip-dev libexpat1-dev libxlsxwriter-dev
