package org.bilevel4j.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Markdown our commands write, as HTML: headings, paragraphs, bullet lists, pipe tables, code blocks, inline
 * code, bold and links. An image line {@code ![alt](path)} becomes whatever {@code image} returns for the path
 * (the report inlines the SVG). Not a general Markdown parser.
 */
public final class Markdown {
    private Markdown() {}

    private static final Pattern IMAGE = Pattern.compile("^!\\[([^]]*)]\\(([^)]+)\\)$");

    /** {@code headingShift}: added to every heading level (a section's # becomes h2 inside a page). */
    public static String html(String md, int headingShift, Function<String, String> image) {
        StringBuilder b = new StringBuilder();
        List<String> lines = md.lines().toList();
        List<String> para = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i), t = l.strip();
            if (t.startsWith("```")) {
                flush(b, para);
                StringBuilder code = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) code.append(Html.escape(lines.get(i))).append('\n');
                b.append("<pre>").append(code).append("</pre>\n");
            } else if (t.isEmpty() || t.equals("---")) {
                flush(b, para);
            } else if (t.startsWith("#")) {
                flush(b, para);
                int level = 0;
                while (level < t.length() && t.charAt(level) == '#') level++;
                int h = Math.min(6, level + headingShift);
                b.append("<h").append(h).append('>').append(inline(t.substring(level).strip())).append("</h").append(h).append(">\n");
            } else if (t.startsWith("|")) {
                flush(b, para);
                List<String> rows = new ArrayList<>();
                for (; i < lines.size() && lines.get(i).strip().startsWith("|"); i++) rows.add(lines.get(i).strip());
                i--;
                b.append(table(rows));
            } else if (t.startsWith("- ") || t.startsWith("* ")) {
                flush(b, para);
                b.append("<ul>\n");
                for (; i < lines.size() && (lines.get(i).strip().startsWith("- ") || lines.get(i).strip().startsWith("* ")); i++)
                    b.append("<li>").append(inline(lines.get(i).strip().substring(2))).append("</li>\n");
                i--;
                b.append("</ul>\n");
            } else if (IMAGE.matcher(t).matches()) {
                flush(b, para);
                Matcher m = IMAGE.matcher(t);
                m.matches();
                b.append(image.apply(m.group(2))).append('\n');
            } else {
                para.add(t);
            }
        }
        flush(b, para);
        return b.toString();
    }

    /** A pipe table: the first row is the header, a |---| row after it is skipped. */
    static String table(List<String> rows) {
        StringBuilder b = new StringBuilder("<div class=\"scroll\"><table>\n");
        boolean head = true;
        for (String r : rows) {
            List<String> cells = cells(r);
            if (cells.stream().allMatch(c -> c.matches(":?-+:?"))) continue;
            b.append("<tr>");
            for (String c : cells) b.append(head ? "<th>" : "<td>").append(inline(c)).append(head ? "</th>" : "</td>");
            b.append("</tr>\n");
            head = false;
        }
        return b.append("</table></div>\n").toString();
    }

    /** The cells of "| a | b \| c |": split at unescaped pipes, {@code \|} read as a pipe. */
    static List<String> cells(String row) {
        String r = row.strip();
        if (r.startsWith("|")) r = r.substring(1);
        if (r.endsWith("|") && !r.endsWith("\\|")) r = r.substring(0, r.length() - 1);
        List<String> out = new ArrayList<>();
        StringBuilder c = new StringBuilder();
        for (int i = 0; i < r.length(); i++) {
            char ch = r.charAt(i);
            if (ch == '\\' && i + 1 < r.length() && r.charAt(i + 1) == '|') { c.append('|'); i++; }
            else if (ch == '|') { out.add(c.toString().strip()); c.setLength(0); }
            else c.append(ch);
        }
        out.add(c.toString().strip());
        return out;
    }

    private static void flush(StringBuilder b, List<String> para) {
        if (para.isEmpty()) return;
        b.append("<p>").append(inline(String.join(" ", para))).append("</p>\n");
        para.clear();
    }

    private static final Pattern CODE = Pattern.compile("`([^`]+)`"), BOLD = Pattern.compile("\\*\\*([^*]+)\\*\\*"),
            LINK = Pattern.compile("\\[([^]]+)]\\(([^)\\s]+)\\)");

    /** Inline code, bold and links, the rest escaped. */
    static String inline(String s) {
        StringBuilder b = new StringBuilder();
        Matcher m = CODE.matcher(s);
        int at = 0;
        while (m.find()) {
            b.append(rest(s.substring(at, m.start()))).append("<code>").append(Html.escape(m.group(1))).append("</code>");
            at = m.end();
        }
        return b.append(rest(s.substring(at))).toString();
    }

    private static String rest(String s) {
        String e = Html.escape(s);
        e = BOLD.matcher(e).replaceAll("<strong>$1</strong>");
        return LINK.matcher(e).replaceAll("<a href=\"$2\">$1</a>");
    }
}
