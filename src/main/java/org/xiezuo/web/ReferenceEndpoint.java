package org.xiezuo.web;

import java.util.List;

import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * R4 of the web-load benchmark (PERFORMANCE.md W4, bench/README.md): the least a page can do in this
 * application — one primary-key read with {@link JdbcTemplate} and a fixed HTML text of about 2 KB, no
 * template engine, no session (the TechEmpower "single query" shape). Exists only under the {@code bench}
 * profile, which also gives {@code /bench/**} its own stateless, public filter chain
 * ({@link ReferenceEndpointSecurity}); in every other profile the path is not mapped at all. Also the read-out
 * of the benchmark's CPU meter ({@link RequestCpu}).
 */
@RestController
@Profile("bench")
class ReferenceEndpoint {

    private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

    /** About 2 KB of fixed markup around the one value read; the same length as a small real page's frame. */
    private static final String HEAD;
    private static final String TAIL;

    static {
        StringBuilder head = new StringBuilder(1200).append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
                .append("<title>基准 R4</title></head><body><main><h1>单位</h1><table><thead><tr><th>编号</th><th>名称</th></tr>")
                .append("</thead><tbody>");
        StringBuilder tail = new StringBuilder(1200).append("</tbody></table><ul>");
        for (int i = 1; i <= 30; i++) tail.append("<li>固定文本第").append(i).append("行：东西部协作基准页面。</li>");
        tail.append("</ul></main></body></html>");
        HEAD = head.toString();
        TAIL = tail.toString();
    }

    private final JdbcTemplate jdbc;

    ReferenceEndpoint(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/bench/r4")
    ResponseEntity<String> singleQuery(@RequestParam long id) {
        List<String> names = jdbc.query("select name from unit where id = ?", (rs, n) -> rs.getString(1), id);
        if (names.isEmpty()) return ResponseEntity.notFound().build();
        String row = "<tr><td>" + id + "</td><td>" + HtmlUtils.htmlEscape(names.get(0)) + "</td></tr>";
        return ResponseEntity.ok().contentType(HTML).body(HEAD + row + TAIL);
    }

    /** The meter of {@link RequestCpu}: CPU time of the request threads per method and path, as text. */
    @GetMapping("/bench/cpu")
    ResponseEntity<String> requestCpu() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(RequestCpu.report());
    }
}
