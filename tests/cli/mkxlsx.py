#!/usr/bin/env python3
"""mkxlsx.py - build the .xlsx workbooks the tests import, with zipfile.

  mkxlsx.py OUT.xlsx SPEC.json     a workbook described cell by cell
  mkxlsx.py --csv IN.csv OUT.xlsx  a CSV's rows as one sheet of strings

SPEC is {"sheets": [{"name": "Sheet1", "rows": ROWS, "hidden": false}],
"numFmts": {"164": "yyyy/m/d"}, "xfs": [0, 14, 164], "date1904": false,
"inline": false}.  A row is a list of cells (the next row) or
{"r": N, "c": [cells]}.  A cell is null (none), a string (a shared
string, or an inline one with "inline"), or an object: {"n": "12.5",
"s": XF} a number, {"b": "1"}, {"e": "#N/A"}, {"f": "A1+1", "v": "2"} a
formula, {"str": "x"}, {"d": "2024-03-05T00:00:00"}, {"rich": ["a", "b"],
"ph": "phonetic"} rich text runs.  Nothing here is a hand-written zip: the
tests need workbooks they can say exactly, and openpyxl is not installed.
"""
import csv
import json
import sys
import zipfile
from xml.sax.saxutils import escape

NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
PNS = 'http://schemas.openxmlformats.org/package/2006/relationships'


def col_name(i):
    s = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


class Book:
    def __init__(self, spec):
        self.spec = spec
        self.sst = []
        self.sst_index = {}

    def shared(self, text):
        if text not in self.sst_index:
            self.sst_index[text] = len(self.sst)
            self.sst.append('<si><t xml:space="preserve">%s</t></si>' % escape(text))
        return self.sst_index[text]

    def rich(self, runs, ph):
        xml = '<si>' + ''.join('<r><rPr><b/></rPr><t xml:space="preserve">%s</t></r>'
                               % escape(t) for t in runs)
        if ph:
            xml += '<rPh sb="0" eb="1"><t>%s</t></rPh>' % escape(ph)
        self.sst.append(xml + '</si>')
        return len(self.sst) - 1

    def cell(self, ref, c):
        if c is None:
            return ''
        if isinstance(c, str):
            if self.spec.get('inline'):
                return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(c))
            return '<c r="%s" t="s"><v>%d</v></c>' % (ref, self.shared(c))
        s = ' s="%d"' % c['s'] if 's' in c else ''
        if 'n' in c:
            return '<c r="%s"%s><v>%s</v></c>' % (ref, s, c['n'])
        if 'b' in c:
            return '<c r="%s" t="b"><v>%s</v></c>' % (ref, c['b'])
        if 'e' in c:
            return '<c r="%s" t="e"><v>%s</v></c>' % (ref, escape(c['e']))
        if 'f' in c:
            return '<c r="%s"%s><f>%s</f><v>%s</v></c>' % (ref, s, escape(c['f']), c.get('v', ''))
        if 'str' in c:
            return '<c r="%s" t="str"><v>%s</v></c>' % (ref, escape(c['str']))
        if 'd' in c:
            return '<c r="%s" t="d"><v>%s</v></c>' % (ref, c['d'])
        if 'rich' in c:
            return '<c r="%s" t="s"><v>%d</v></c>' % (ref, self.rich(c['rich'], c.get('ph')))
        if 'is' in c:
            return '<c r="%s" t="inlineStr"><is><r><t>%s</t></r></is></c>' % (ref, escape(c['is']))
        raise ValueError(c)

    def sheet(self, rows):
        out, r = [], 0
        for row in rows:
            if isinstance(row, dict):
                r, cells = row['r'], row['c']
            else:
                r, cells = r + 1, row
            xml = ''.join(self.cell('%s%d' % (col_name(i), r), c) for i, c in enumerate(cells))
            out.append('<row r="%d">%s</row>' % (r, xml))
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<worksheet xmlns="%s" xmlns:r="%s"><sheetData>%s</sheetData></worksheet>'
                % (NS, RNS, ''.join(out)))

    def styles(self):
        fmts = self.spec.get('numFmts', {})
        xfs = self.spec.get('xfs', [0])
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="%s">'
                '<numFmts count="%d">%s</numFmts>'
                '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
                '<cellXfs count="%d">%s</cellXfs></styleSheet>'
                % (NS, len(fmts), ''.join('<numFmt numFmtId="%s" formatCode="%s"/>'
                                          % (k, escape(v, {'"': '&quot;'}))
                                          for k, v in fmts.items()),
                   len(xfs), ''.join('<xf numFmtId="%d"/>' % f for f in xfs)))

    def write(self, path):
        sheets = self.spec['sheets']
        parts = {}
        for i, sh in enumerate(sheets):
            parts['xl/worksheets/sheet%d.xml' % (i + 1)] = self.sheet(sh['rows'])
        wb = ''.join('<sheet name="%s" sheetId="%d" r:id="rId%d"%s/>'
                     % (escape(sh['name'], {'"': '&quot;'}), i + 1, i + 1,
                        ' state="hidden"' if sh.get('hidden') else '')
                     for i, sh in enumerate(sheets))
        pr = '<workbookPr date1904="1"/>' if self.spec.get('date1904') else ''
        parts['xl/workbook.xml'] = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                                    '<workbook xmlns="%s" xmlns:r="%s">%s<sheets>%s</sheets></workbook>'
                                    % (NS, RNS, pr, wb))
        n = len(sheets)
        rels = ''.join('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>'
                       % (i + 1, RNS, i + 1) for i in range(n))
        rels += '<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/>' % (n + 1, RNS)
        rels += '<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>' % (n + 2, RNS)
        parts['xl/_rels/workbook.xml.rels'] = '<Relationships xmlns="%s">%s</Relationships>' % (PNS, rels)
        parts['xl/sharedStrings.xml'] = ('<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="%s" count="%d">%s</sst>'
                                         % (NS, len(self.sst), ''.join(self.sst)))
        parts['xl/styles.xml'] = self.styles()
        parts['_rels/.rels'] = ('<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/officeDocument" '
                                'Target="xl/workbook.xml"/></Relationships>' % (PNS, RNS))
        parts['[Content_Types].xml'] = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                                        '<Default Extension="xml" ContentType="application/xml"/></Types>')
        with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
            for name in ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml',
                         'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/sharedStrings.xml']:
                z.writestr(name, parts.pop(name))
            for name, text in parts.items():
                z.writestr(name, text)


def main():
    if sys.argv[1] == '--csv':
        with open(sys.argv[2], encoding='utf-8-sig', newline='') as f:
            rows = [[c if c != '' else None for c in r] for r in csv.reader(f)]
        Book({'sheets': [{'name': 'Sheet1', 'rows': rows}]}).write(sys.argv[3])
    else:
        with open(sys.argv[2], encoding='utf-8') as f:
            Book(json.load(f)).write(sys.argv[1])


if __name__ == '__main__':
    main()
