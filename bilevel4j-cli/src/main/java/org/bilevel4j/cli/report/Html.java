package org.bilevel4j.cli.report;

/** The page around a report: one inline style sheet, readable from a phone's width up, no script, nothing fetched. */
public final class Html {
    private Html() {}

    static final String CSS = """
            :root{color-scheme:light}
            body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:0 auto;padding:12px 16px 40px;max-width:1180px;color:#222;line-height:1.45;font-size:15px}
            h1{font-size:1.5em;margin:.4em 0}h2{font-size:1.25em;margin:1.4em 0 .4em;border-bottom:1px solid #ddd;padding-bottom:.2em}
            h3{font-size:1.08em;margin:1.1em 0 .3em}h4{font-size:1em}
            .scroll{overflow-x:auto;margin:.5em 0 1em;-webkit-overflow-scrolling:touch}
            table{border-collapse:collapse;font-size:.88em}th,td{border:1px solid #d4d4d4;padding:3px 7px;text-align:left;vertical-align:top}
            th{background:#f2f2f2}tr:nth-child(even) td{background:#fafafa}
            td{font-variant-numeric:tabular-nums}td:first-child{max-width:18em;overflow-wrap:break-word}
            .plots{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,430px),1fr));gap:14px}
            figure{margin:0;border:1px solid #e2e2e2;border-radius:4px;padding:6px;background:#fff}
            figure svg{width:100%;height:auto;display:block}figcaption{font-size:.82em;color:#555;margin-top:4px;overflow-wrap:anywhere}
            p,li{overflow-wrap:break-word}
            .banner{background:#fff3cd;border:1px solid #e0c36a;padding:8px 12px;border-radius:4px;margin:8px 0}
            code,pre{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.88em}pre{background:#f6f6f6;padding:8px;overflow-x:auto}
            dl.settings{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:.9em}dl.settings dt{font-weight:bold}
            dl.settings dd{margin:0;word-break:break-word}
            nav a{margin-right:10px}
            """;

    /** A complete page. */
    public static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
                + escape(title) + "</title>\n<style>\n" + CSS + "</style></head>\n<body>\n" + body + "</body></html>\n";
    }

    public static String escape(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;"); }
}
