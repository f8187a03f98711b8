# The html plugin: each report as one self-contained page, and the year
# summary with inline SVG charts.  It needs no library.
html_PKGS =
html_DEBS =
