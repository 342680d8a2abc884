package org.xiezuo.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;
import org.xiezuo.reporting.EvidenceSweeper;
import org.xiezuo.shared.Actor;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code evidence-check [--delete-unreferenced] [--older-than 24h]}: compares the evidence rows with the
 * evidence store (after a restore, or as a periodic check) and prints the report as JSON. Exit code 0 when
 * every reference resolves to bytes with the SHA-256 taken at upload, 3 when any is missing or differs.
 * With {@code --delete-unreferenced} it also removes objects and part files no row refers to that are older
 * than {@code --older-than} (audited); referenced files are never removed.
 */
final class EvidenceCheckCommand {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration DEFAULT_GRACE = Duration.ofHours(24);

    private final CliArguments arguments;
    private final Class<?> application;

    EvidenceCheckCommand(CliArguments arguments, Class<?> application) {
        this.arguments = arguments;
        this.application = application;
    }

    int run(PrintStream out) {
        Duration olderThan = arguments.option("older-than").map(EvidenceCheckCommand::duration).orElse(DEFAULT_GRACE);
        boolean delete = arguments.flag("delete-unreferenced");
        if (arguments.option("older-than").isPresent() && !delete) {
            throw new CliException(Cli.UNUSABLE_INPUT, "--older-than 只与 --delete-unreferenced 一起使用");
        }
        EvidenceSweeper.Report report;
        try (ConfigurableApplicationContext context = CommandContext.start(arguments, application)) {
            EvidenceSweeper sweeper = context.getBean(EvidenceSweeper.class);
            Actor operator = Actor.cli(System.getProperty("user.name", "unknown"));
            report = delete ? sweeper.sweep(operator, olderThan) : sweeper.check(operator);
        } catch (CliException e) {
            throw e;
        } catch (RuntimeException e) {
            throw CommandContext.translate(e);
        }
        out.println(JSON.writeValueAsString(json(report)));
        if (!report.consistent()) {
            throw new CliException(Cli.REFUSED, "佐证材料与存储不一致：" + report.missing().size() + " 个引用找不到文件，"
                    + report.mismatched().size() + " 个文件的大小或 SHA-256 与上传时不符");
        }
        return Cli.OK;
    }

    private static Duration duration(String text) {
        try {
            Duration duration = DurationStyle.detectAndParse(text.strip());
            if (duration.isNegative()) throw new IllegalArgumentException("negative");
            return duration;
        } catch (IllegalArgumentException e) {
            throw new CliException(Cli.UNUSABLE_INPUT, "--older-than " + text + " 不是时长（如 24h、30m、7d 或 PT24H）");
        }
    }

    static Map<String, Object> json(EvidenceSweeper.Report report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("store", report.store());
        json.put("consistent", report.consistent());
        json.put("references", report.references());
        json.put("stored", report.stored());
        json.put("verified", report.verified());
        json.put("missing", report.missing().stream().map(m -> Map.of("storageKey", m.storageKey(), "evidenceIds", m.evidenceIds()))
                .toList());
        json.put("mismatched", report.mismatched().stream().map(m -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("storageKey", m.storageKey());
            row.put("evidenceIds", m.evidenceIds());
            row.put("expectedSize", m.expectedSize());
            row.put("expectedSha256", m.expectedSha256());
            row.put("actualSize", m.actualSize());
            row.put("actualSha256", m.actualSha256());
            return row;
        }).toList());
        List<Map<String, Object>> unreferenced = report.unreferenced().stream().map(u -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", u.name());
            row.put("kind", u.kind());
            row.put("size", u.size());
            row.put("modified", u.modified() == null ? null : u.modified().toString());
            row.put("removed", u.removed());
            return row;
        }).toList();
        json.put("unreferenced", unreferenced);
        json.put("removed", report.removed());
        return json;
    }
}
