package org.xiezuo.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.xiezuo.assessment.Assessment;
import org.xiezuo.assessment.CategoryResult;
import org.xiezuo.assessment.Figures;
import org.xiezuo.assessment.IndicatorResult;
import org.xiezuo.assessment.IndicatorStatus;
import org.xiezuo.assessment.OutstandingReports;

/**
 * The words of the progress bulletin (工作进展情况通报), generated from the data as of the date. Every
 * number is formatted by {@link Figures} from the assessment's own values — the ones the table and the
 * dashboard show — so none can differ. Pure: the same data gives the same text.
 */
public final class BulletinText {

    /** How many of a category's indicators the bulletin names as strongest. */
    static final int STRONGEST = 3;
    public static final String NEXT_STEPS_PLACEHOLDER = "【请在此填写下步工作安排】";

    private BulletinText() {}

    /** A block of the bulletin: a heading of level 1 or 2, or a body paragraph (level 0). */
    public record Block(int level, String text) {}

    public static String title(Assessment a) {
        return a.plan().year() + "年" + a.plan().programme() + "工作进展情况通报";
    }

    /** The line under the title: who issues it and the date, 2021年11月30日. */
    public static String dateLine(Assessment a) {
        return issuer(a.plan()) + "　" + Figures.date(a.asOf());
    }

    /** Who issues the office's documents: "普陀东西部协作工作领导小组办公室". */
    public static String issuer(org.xiezuo.plan.PlanBook.Header plan) {
        return (plan.eastRegion() != null ? plan.eastRegion() : plan.district()) + plan.programme() + "工作领导小组办公室";
    }

    public static String opening(Assessment a) {
        Map<IndicatorStatus, Long> counts = a.counts();
        return "截至" + Figures.date(a.asOf()) + "，《" + a.plan().title() + "》时序进度为" + Figures.percent(a.timeProgress())
                + "。全部" + a.indicators().size() + "项指标中，纳入考核的" + a.assessedCount() + "项：已完成"
                + counts.get(IndicatorStatus.COMPLETED) + "项，正常推进" + counts.get(IndicatorStatus.ON_TRACK) + "项，滞后"
                + counts.get(IndicatorStatus.BEHIND) + "项，严重滞后" + counts.get(IndicatorStatus.SERIOUSLY_BEHIND) + "项；"
                + "综合得分" + Figures.score(a.score()) + "分" + (a.grade() == null ? "" : "，等次为“" + a.grade() + "”") + "。";
    }

    /** "指标名（完成X人，目标X人，完成率X%）". */
    public static String figure(IndicatorResult r) {
        String unit = r.indicator().measureUnit() == null ? "" : r.indicator().measureUnit();
        return "“" + r.indicator().name() + "”（完成" + Figures.number(r.actual()) + unit + "，目标" + Figures.number(r.target()) + unit
                + "，完成率" + Figures.percent(r.completion()) + "）";
    }

    public static String category(Assessment a, CategoryResult c) {
        List<IndicatorResult> rows = a.indicators().stream().filter(i -> i.category().equals(c.name()) && i.assessed()).toList();
        if (rows.isEmpty()) return "本类指标只作统计，不作考核。";
        StringBuilder text = new StringBuilder("本类" + rows.size() + "项考核指标得分" + Figures.score(c.score()) + "分"
                + (c.grade() == null ? "" : "（" + c.grade() + "）") + "。");
        List<IndicatorResult> strongest = rows.stream().filter(r -> !r.status().lagging())
                .sorted(Comparator.comparing(IndicatorResult::completion, Comparator.reverseOrder())).limit(STRONGEST).toList();
        if (!strongest.isEmpty()) {
            text.append("完成较好的有").append(strongest.stream().map(BulletinText::figure).collect(Collectors.joining("、"))).append("。");
        }
        List<IndicatorResult> lagging = rows.stream().filter(r -> r.status().lagging())
                .sorted(Comparator.comparing(IndicatorResult::completion)).toList();
        if (lagging.isEmpty()) {
            text.append("本类指标均按序时进度推进。");
        } else {
            text.append("进度滞后的有").append(lagging.stream().map(r -> figure(r) + "，" + r.status().label() + "，责任单位"
                    + r.indicator().units().stream().map(u -> u.name()).collect(Collectors.joining("、"))).collect(Collectors.joining("；")))
                    .append("。");
        }
        return text.toString();
    }

    public static String outstanding(List<OutstandingReports.Outstanding> rows) {
        if (rows.isEmpty()) return "各单位均已按时报送进展情况，没有逾期未报或退回未重报的报告。";
        Map<String, List<String>> byUnit = new LinkedHashMap<>();
        for (OutstandingReports.Outstanding o : rows) {
            byUnit.computeIfAbsent(o.unit().name(), k -> new ArrayList<>()).add(o.period().label() + o.reason().label());
        }
        return "截至通报日，以下单位有逾期未报或退回未重报的报告：" + byUnit.entrySet().stream()
                .map(e -> e.getKey() + "（" + String.join("、", e.getValue()) + "）").collect(Collectors.joining("；")) + "。请相关单位抓紧报送。";
    }

    /** The whole bulletin as blocks, in order; the indicator table goes after the block "三、指标完成情况". */
    public static List<Block> blocks(BulletinData data) {
        Assessment a = data.assessment();
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block(0, opening(a)));
        blocks.add(new Block(1, "一、分类完成情况"));
        int n = 0;
        for (CategoryResult c : a.categories()) {
            blocks.add(new Block(2, "（" + chinese(++n) + "）" + c.name()));
            blocks.add(new Block(0, category(a, c)));
        }
        blocks.add(new Block(1, "二、报告报送情况"));
        blocks.add(new Block(0, outstanding(data.outstanding())));
        blocks.add(new Block(1, "三、指标完成情况"));
        blocks.add(new Block(0, "各指标完成情况见下表（完成率不封顶）。"));
        blocks.add(new Block(1, "四、重点任务推进情况"));
        n = 0;
        for (BulletinData.UnitTasks unit : data.tasks()) {
            if (unit.tasks().isEmpty()) continue;
            blocks.add(new Block(2, "（" + chinese(++n) + "）" + unit.unit().name()));
            int k = 0;
            for (BulletinData.TaskLine line : unit.tasks()) {
                String status = line.status() == null ? "暂无审核通过的进展。"
                        : line.status().progress().label() + "（" + line.status().periodLabel() + "）"
                        + (line.status().narrative() == null || line.status().narrative().isBlank() ? "。" : "：" + line.status().narrative());
                blocks.add(new Block(0, ++k + "．" + line.task().text() + "——" + status));
            }
        }
        blocks.add(new Block(1, "五、下步工作"));
        blocks.add(new Block(0, NEXT_STEPS_PLACEHOLDER));
        return blocks;
    }

    static String chinese(int n) {
        String digits = "零一二三四五六七八九";
        if (n < 10) return String.valueOf(digits.charAt(n));
        if (n < 20) return "十" + (n % 10 == 0 ? "" : String.valueOf(digits.charAt(n % 10)));
        return String.valueOf(n);
    }
}
