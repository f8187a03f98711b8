# The xlsx plugin: Excel workbooks.  Writing with libxlsxwriter.
xlsx_PKGS = xlsxwriter
xlsx_DEBS = libxlsxwriter-dev
