package org.xiezuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Checks on the source tree that fail the build when a dangerous construct appears (SECURITY.md T41,
 * T44, T46 static parts, T76, T77). Each scanner is also run on a bad sample, so a scanner that
 * stopped finding anything would fail too.
 */
class StaticSafetyTests {

    private static final Path MAIN = Path.of("src/main");

    /** A place in the source: file, line, and what was found there. */
    record Finding(String file, int line, String text) {
        @Override
        public String toString() {
            return file + ":" + line + "  " + text.strip();
        }
    }

    // ---- T76: dangerous settings ----------------------------------------------------------------

    private static final Map<String, Pattern> DANGEROUS = Map.of(
            "IOUtils.setByteArrayMaxOverride", Pattern.compile("IOUtils\\s*\\.\\s*setByteArrayMaxOverride\\s*\\("),
            "session fixation off", Pattern.compile("sessionFixation\\s*\\(\\s*\\)\\s*\\.\\s*none\\s*\\(|fixation\\s*->\\s*\\w+\\s*\\.\\s*none\\s*\\("),
            "CSRF disabled", Pattern.compile("csrf\\s*\\(\\s*\\)\\s*\\.\\s*disable\\s*\\(|csrf\\s*\\(\\s*AbstractHttpConfigurer\\s*::\\s*disable|csrf\\s*\\(\\s*(\\w+)\\s*->\\s*\\1\\s*\\.\\s*disable\\s*\\("),
            "unescaped Thymeleaf output", Pattern.compile("th:utext|\\[\\(\\$\\{|\\[\\(#|\\[\\(\\*"),
            "every Actuator endpoint exposed", Pattern.compile("management\\.endpoints\\.web\\.exposure\\.include\\s*[=:]\\s*[\"']?\\*"),
            "Flyway clean allowed", Pattern.compile("spring\\.flyway\\.clean-disabled\\s*[=:]\\s*false"),
            "H2 console on", Pattern.compile("spring\\.h2\\.console\\.enabled\\s*[=:]\\s*true"));

    private static final Pattern INFLATE_RATIO = Pattern.compile("setMinInflateRatio\\s*\\(\\s*([0-9.eE-]+)");

    static List<Finding> dangerousSettings(String file, String text) {
        List<Finding> found = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            for (var rule : DANGEROUS.entrySet()) {
                if (rule.getValue().matcher(lines[i]).find()) found.add(new Finding(file, i + 1, rule.getKey() + ": " + lines[i]));
            }
            Matcher ratio = INFLATE_RATIO.matcher(lines[i]);
            while (ratio.find()) {
                if (new BigDecimal(ratio.group(1)).compareTo(new BigDecimal("0.01")) < 0) {
                    found.add(new Finding(file, i + 1, "zip inflate ratio below 0.01: " + lines[i]));
                }
            }
        }
        return found;
    }

    @Test
    void T76_noDangerousSettingAnywhereInTheApplication() {
        List<Finding> found = new ArrayList<>();
        for (Path file : files(MAIN, ".java", ".properties", ".yml", ".yaml", ".html", ".xml")) {
            found.addAll(dangerousSettings(file.toString(), read(file)));
        }
        assertThat(found).as("dangerous settings").isEmpty();
    }

    @Test
    void T76_theScannerFindsEachDangerousSetting() {
        String sample = String.join("\n",
                "ZipSecureFile.setMinInflateRatio(0.001);",
                "ZipSecureFile.setMinInflateRatio(0.01);",
                "IOUtils.setByteArrayMaxOverride(Integer.MAX_VALUE);",
                "http.sessionManagement(s -> s.sessionFixation().none());",
                "http.csrf().disable();",
                "http.csrf(AbstractHttpConfigurer::disable);",
                "http.csrf(c -> c.disable());",
                "<td th:utext=\"${row.remark}\"></td>",
                "management.endpoints.web.exposure.include=*",
                "spring.flyway.clean-disabled=false");

        List<Finding> found = dangerousSettings("sample", sample);

        assertThat(found).extracting(Finding::line).containsExactly(1, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    // ---- T41 static: no unescaped output ------------------------------------------------------------

    @Test
    void T41_noTemplateWritesUnescapedText() {
        List<Finding> found = new ArrayList<>();
        for (Path file : files(MAIN.resolve("resources/templates"), ".html")) {
            String[] lines = read(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains("th:utext") || lines[i].contains("[(")) found.add(new Finding(file.toString(), i + 1, lines[i]));
            }
        }
        assertThat(found).as("th:utext or [(…)] in templates").isEmpty();
    }

    /** Pages that may put a part rendered by {@code assessment.web.RenderedParts} into themselves. */
    private static final Set<String> RENDERED_PART_PAGES = Set.of("assessment/overview.html");

    @Test
    void T41_renderedPartsOnlyWhereReviewed() {
        List<Finding> found = new ArrayList<>();
        for (Path file : files(MAIN.resolve("resources/templates"), ".html")) {
            String page = MAIN.resolve("resources/templates").relativize(file).toString().replace('\\', '/');
            if (RENDERED_PART_PAGES.contains(page)) continue;
            String[] lines = read(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains("xz:part")) found.add(new Finding(file.toString(), i + 1, lines[i]));
            }
        }
        assertThat(found).as("xz:part outside the reviewed pages").isEmpty();
    }

    @Test
    void T41_noScriptInTemplatesAllScriptsAreExternalFiles() {
        List<Finding> found = new ArrayList<>();
        Pattern inline = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>|\\son[a-z]+\\s*=|javascript:", Pattern.CASE_INSENSITIVE);
        for (Path file : files(MAIN.resolve("resources/templates"), ".html")) {
            String[] lines = read(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (inline.matcher(lines[i]).find()) found.add(new Finding(file.toString(), i + 1, lines[i]));
            }
        }
        assertThat(found).as("inline script, event handler attribute or javascript: URL").isEmpty();
    }

    // ---- T44 static: view names are constants ------------------------------------------------------

    private static final Pattern VIEW_METHOD = Pattern.compile(
            "(?m)^\\s+(?:public |protected |private )?String\\s+(\\w+)\\s*\\("); // instance methods: static ones are helpers
    private static final Pattern RETURN = Pattern.compile("\\breturn\\s+((?:\"(?:[^\"\\\\]|\\\\.)*\"|[^;\"])+);");
    private static final Pattern ALLOWED_VIEW = Pattern.compile(
            "\"[a-z0-9/_-]+\"" // a template name
                    + "|[A-Z][A-Z0-9_]*" // a constant
                    + "|\"(redirect|forward):[^\"]*\"(\\s*\\+.*)?" // a redirect (never resolved as a template)
                    + "|[a-z]\\w*\\((.*)\\)" // another view method of the same controller, checked itself
                    + "|\\w+\\s*\\?\\s*(\"[a-z0-9/_-]+\"|[A-Z][A-Z0-9_]*|\"redirect:[^\"]*\"(\\s*\\+[^:]*)?)\\s*:\\s*(\"[a-z0-9/_-]+\"|[A-Z][A-Z0-9_]*|\"redirect:[^\"]*\"(\\s*\\+.*)?)");

    static List<Finding> viewNamesBuiltFromInput(String file, String source) {
        List<Finding> found = new ArrayList<>();
        if (!source.contains("@Controller")) return found;
        Matcher method = VIEW_METHOD.matcher(source);
        while (method.find()) {
            int open = source.indexOf('{', method.end());
            int close = matchingBrace(source, open);
            if (open < 0 || close < 0) continue;
            String body = source.substring(open, close);
            Matcher ret = RETURN.matcher(body);
            while (ret.find()) {
                String expression = ret.group(1).strip().replaceAll("\\s+", " ");
                if (!ALLOWED_VIEW.matcher(expression).matches()) {
                    int line = (int) source.substring(0, open + ret.start()).chars().filter(c -> c == '\n').count() + 1;
                    found.add(new Finding(file, line, method.group(1) + " returns " + expression));
                }
            }
        }
        return found;
    }

    @Test
    void T44_everyViewNameAControllerReturnsIsAConstant() {
        List<Finding> found = new ArrayList<>();
        for (Path file : files(MAIN.resolve("java"), ".java")) {
            found.addAll(viewNamesBuiltFromInput(file.toString(), read(file)));
        }
        assertThat(found).as("view names that are not constants").isEmpty();
    }

    @Test
    void T44_theScannerFindsAViewNameBuiltFromInput() {
        String sample = """
                @Controller
                class Bad {
                    @GetMapping("/x")
                    String show(@RequestParam String section) {
                        if (section.isEmpty()) return "plan/show";
                        return "plan/" + section;
                    }
                    @GetMapping("/y")
                    String lang(@RequestParam String lang) {
                        return lang;
                    }
                    @PostMapping("/z")
                    String save(@PathVariable long id) {
                        return "redirect:/plans/" + id;
                    }
                }
                """;

        assertThat(viewNamesBuiltFromInput("sample", sample)).extracting(Finding::text)
                .containsExactly("show returns \"plan/\" + section", "lang returns lang");
    }

    // ---- T46 static: no SQL built by concatenation --------------------------------------------------

    private static final Pattern SQL_CONCATENATION = Pattern.compile(
            "(?is)(\"[^\"\\n]*\\b(select|insert|update|delete|where|order by|and|or)\\b[^\"\\n]*\"|\"\"\"(.(?!\"\"\"))*.\"\"\")\\s*(\\+|\\.formatted\\(|\\.concat\\()"
                    + "|\\+\\s*\"[^\"\\n]*\\b(select|insert|update|delete|where|order by|limit|offset)\\b"
                    + "|String\\.format\\(\\s*\"[^\"\\n]*\\b(select|insert|update|delete)\\b"
                    + "|\\.sql\\(\\s*[^\")\\s][^)]*\\+");

    private static final String CONSTANT = "(?:[A-Z]\\w*\\.)?[A-Z][A-Z0-9_]+";

    /**
     * Joins compile-time constants into the literals around them, so that SQL assembled from fixed parts
     * ({@code "select " + COLUMNS + " from t"}) reads as one literal and only concatenation with a
     * variable remains to be found. Line breaks are kept, so line numbers stay right.
     */
    static String joinConstants(String source) {
        String s = source.replaceAll("\\+(\\s*)" + CONSTANT + "\\b(?!\\s*\\()", "+$1\"C\"")
                .replaceAll("(?<![\\w.])" + CONSTANT + "(\\s*)\\+", "\"C\"$1+");
        String before;
        do {
            before = s;
            s = s.replaceAll("\"([^\"\\n]*)\"(\\s*)\\+(\\s*)\"(?!\"\")([^\"\\n]*)\"", "\"$1$4\"$2$3")
                    .replaceAll("\"([^\"\\n]*)\"(\\s*)\\+(\\s*)\"\"\"", "$2$3\"\"\"$1");
        } while (!s.equals(before));
        return s;
    }

    static List<Finding> concatenatedSql(String file, String original) {
        List<Finding> found = new ArrayList<>();
        String source = joinConstants(original);
        Matcher m = SQL_CONCATENATION.matcher(source);
        while (m.find()) {
            String hit = m.group();
            // plain messages that happen to contain “and”/“or” are not SQL; SQL text has a keyword pair
            if (!hit.startsWith(".sql(")
                    && !Pattern.compile("(?i)\\b(select|insert|update|delete|where|order by|limit|offset)\\b").matcher(hit).find()) {
                continue;
            }
            int line = (int) source.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
            found.add(new Finding(file, line, hit.length() > 120 ? hit.substring(0, 120) + "…" : hit));
        }
        return found;
    }

    @Test
    void T46_noSqlIsBuiltByConcatenation() {
        List<Finding> found = new ArrayList<>();
        for (Path file : files(MAIN.resolve("java"), ".java")) {
            found.addAll(concatenatedSql(file.toString(), read(file)));
        }
        assertThat(found).as("SQL built from strings").isEmpty();
    }

    @Test
    void T46_theScannerFindsConcatenatedSql() {
        String sample = String.join("\n",
                "jdbc.sql(\"select * from plan where title = '\" + title + \"'\").query();",
                "jdbc.sql(\"select * from plan order by \" + sort).query();",
                "jdbc.sql(\"\"\"",
                "    select * from plan where id = %s",
                "    \"\"\".formatted(id)).query();",
                "jdbc.sql(query + \" limit 10\");",
                "jdbc.sql(\"select * from plan where title = :t\").param(\"t\", title).query();",
                "throw new IllegalStateException(\"x and y \" + z);",
                "jdbc.sql(\"select \" + Entry.COLUMNS + \" from plan where id = :id\").query();",
                "jdbc.sql(\"select count(*)\" + MATCHING).query();",
                "jdbc.sql(\"insert into t (\" + COLUMNS + \"\"\"",
                "    ) values (:a)",
                "    \"\"\").update();",
                "jdbc.sql(\"select \" + COLUMNS + \" from t order by \" + column).query();");

        assertThat(concatenatedSql("sample", sample)).extracting(Finding::line).containsExactly(1, 2, 3, 6, 14);
    }

    // ---- T77: dependency floor and SBOM --------------------------------------------------------------

    @Test
    void T77_theResolvedLibrariesAreAtLeastTheFixedVersions() {
        assertThat(version(org.apache.poi.Version.getVersion())).as("poi-ooxml").isGreaterThanOrEqualTo(version("5.4.1"));
        assertThat(version(org.thymeleaf.Thymeleaf.getVersion())).as("thymeleaf").isGreaterThanOrEqualTo(version("3.1.2"));
        assertThat(version(org.h2.engine.Constants.VERSION_MAJOR + "." + org.h2.engine.Constants.VERSION_MINOR))
                .as("h2").isGreaterThanOrEqualTo(version("2.2"));
    }

    @Test
    void T77_theBuildWritesACycloneDxSbomWithTheResolvedTree() {
        Path sbom = Path.of("target/classes/META-INF/sbom/application.cdx.json");
        assumeTrue(Files.exists(sbom), "no SBOM: the CycloneDX plugin skips itself in an offline build (mvn -o); "
                + "a normal mvn verify writes it");
        String json = read(sbom);
        assertThat(json).containsPattern("\"bomFormat\"\\s*:\\s*\"CycloneDX\"");
        for (String[] library : new String[][] {{"poi-ooxml", org.apache.poi.Version.getVersion()},
                {"thymeleaf", org.thymeleaf.Thymeleaf.getVersion()}, {"h2", null}}) {
            Matcher m = Pattern.compile("\"name\"\\s*:\\s*\"" + Pattern.quote(library[0]) + "\",\\s*\"version\"\\s*:\\s*\"([^\"]+)\"")
                    .matcher(json);
            assertThat(m.find()).as(library[0] + " in the SBOM").isTrue();
            if (library[1] != null) assertThat(m.group(1)).isEqualTo(library[1]);
        }
    }

    /** A version as a comparable number: 5.4.1 → 5_004_001. */
    private static long version(String text) {
        String[] parts = text.replaceAll("[^0-9.].*$", "").split("\\.");
        long value = 0;
        for (int i = 0; i < 3; i++) value = value * 1000 + (i < parts.length && !parts[i].isEmpty() ? Long.parseLong(parts[i]) : 0);
        return value;
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static int matchingBrace(String source, int open) {
        if (open < 0) return -1;
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '"' && source.charAt(i - 1) != '\\') inString = !inString;
            if (inString) continue;
            if (c == '{') depth++;
            if (c == '}' && --depth == 0) return i;
        }
        return -1;
    }

    private static List<Path> files(Path root, String... endings) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(endings).anyMatch(e -> p.getFileName().toString().endsWith(e)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
