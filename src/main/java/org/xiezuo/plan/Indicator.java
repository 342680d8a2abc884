package org.xiezuo.plan;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.xiezuo.shared.BusinessRuleViolation;
import org.xiezuo.shared.ExactDecimal;
import org.xiezuo.shared.MeasureUnit;

/**
 * A quantitative indicator of the plan: measure unit, target (exact decimal or none, with the printed
 * text), whether it is assessed, 含存量, 其中 parent, and responsible units lead first. The target
 * changes only through {@link #reviseTarget}, which keeps the old value.
 */
public class Indicator {

    private @Id @Nullable Long id;
    private @Version int version;
    private final AggregateReference<Plan, Long> plan;
    private int position;
    private @Nullable String code;
    private String category;
    private String name;
    private @Nullable String measureUnit;
    private @Nullable BigDecimal target;
    private String targetText;
    private Assessment assessment;
    private StockRule stockRule;
    private @Nullable AggregateReference<Indicator, Long> parent;
    private @Nullable String sourceLocation;
    private List<IndicatorUnit> responsible;
    private final List<TargetRevision> revisions;

    @PersistenceCreator
    Indicator(@Nullable Long id, int version, AggregateReference<Plan, Long> plan, int position, @Nullable String code,
              String category, String name, @Nullable String measureUnit, @Nullable BigDecimal target, String targetText,
              Assessment assessment, StockRule stockRule, @Nullable AggregateReference<Indicator, Long> parent,
              @Nullable String sourceLocation, List<IndicatorUnit> responsible, List<TargetRevision> revisions) {
        this.id = id;
        this.version = version;
        this.plan = plan;
        this.position = position;
        this.code = code;
        this.category = category;
        this.name = name;
        this.measureUnit = measureUnit;
        this.target = target == null ? null : ExactDecimal.normalise(target);
        this.targetText = targetText;
        this.assessment = assessment;
        this.stockRule = stockRule;
        this.parent = parent;
        this.sourceLocation = sourceLocation;
        this.responsible = new ArrayList<>(responsible);
        this.revisions = new ArrayList<>(revisions);
    }

    static Indicator define(long planId, int position, IndicatorDraft draft, @Nullable String sourceLocation) {
        Indicator indicator = new Indicator(null, 0, AggregateReference.to(planId), position, null, "", "", null, null, "",
                Assessment.NO_TARGET, StockRule.INCREMENT_ONLY, null, sourceLocation, List.of(), List.of());
        indicator.describe(draft);
        indicator.setTarget(draft.target(), draft.targetText(), draft.assessment());
        return indicator;
    }

    /** Changes everything but the target, which has its own path ({@link #reviseTarget}). */
    void describe(IndicatorDraft draft) {
        String cleanName = draft.name() == null ? "" : draft.name().strip();
        if (cleanName.isEmpty()) throw new BusinessRuleViolation("indicator.name.empty", "指标名称不能为空");
        if (cleanName.length() > 300) throw new BusinessRuleViolation("indicator.name.long", "指标名称最多300个字");
        String cleanCategory = draft.category() == null ? "" : draft.category().strip();
        if (cleanCategory.isEmpty()) throw new BusinessRuleViolation("indicator.category.empty", "指标类别不能为空");
        String cleanCode = draft.code() == null || draft.code().isBlank() ? null : draft.code().strip();
        if (cleanCode != null && cleanCode.length() > 20) throw new BusinessRuleViolation("indicator.code.long", "指标序号最多20个字符");
        String unit = draft.measureUnit() == null || draft.measureUnit().isBlank() ? null
                : MeasureUnit.of(draft.measureUnit()).symbol();
        if (draft.parentId() != null && id != null && draft.parentId().equals(id)) {
            throw new BusinessRuleViolation("indicator.parent.self", "指标不能是自己的「其中」项");
        }
        code = cleanCode;
        category = cleanCategory;
        name = cleanName;
        measureUnit = unit;
        stockRule = draft.stockRule();
        parent = draft.parentId() == null ? null : AggregateReference.to(draft.parentId());
        responsible = new ArrayList<>(Responsibility.checked(draft.unitIds(), "指标").stream().map(IndicatorUnit::of).toList());
    }

    private void setTarget(@Nullable BigDecimal value, String text, Assessment mode) {
        if (value != null && value.signum() < 0) {
            throw new BusinessRuleViolation("indicator.target.negative", "目标值不能为负数");
        }
        if (mode == Assessment.ASSESSED && value == null) {
            throw new BusinessRuleViolation("indicator.target.required", "考核指标须有数值目标");
        }
        target = mode == Assessment.STATISTICS_ONLY || value == null ? null : ExactDecimal.normalise(value);
        targetText = text == null ? "" : text.strip();
        assessment = target == null && mode == Assessment.ASSESSED ? Assessment.NO_TARGET : mode;
    }

    /** Revises the target; the old value stays in the history with the date and the reason. */
    void reviseTarget(@Nullable BigDecimal newTarget, String newText, Assessment mode, LocalDate effectiveOn,
                      String reason, String actor, Instant now) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) throw new BusinessRuleViolation("indicator.revision.reason", "调整目标须填写原因");
        if (why.length() > 500) throw new BusinessRuleViolation("indicator.revision.reason.long", "调整原因最多500个字");
        if (newTarget != null && measureUnit != null
                && newTarget.stripTrailingZeros().scale() > MeasureUnit.of(measureUnit).decimals()) {
            throw new BusinessRuleViolation("indicator.target.scale",
                    "目标值的小数位数超过计量单位「" + measureUnit + "」允许的" + MeasureUnit.of(measureUnit).decimals() + "位");
        }
        BigDecimal oldTarget = target;
        String oldText = targetText;
        Assessment oldMode = assessment;
        setTarget(newTarget, newText, mode);
        if (Objects.equals(oldTarget, target) && oldMode == assessment && oldText.equals(targetText)) {
            throw new BusinessRuleViolation("indicator.revision.unchanged", "新目标与当前目标相同");
        }
        revisions.add(new TargetRevision(now, effectiveOn, oldTarget, oldText, target, targetText, why, actor));
    }

    void place(int newPosition) { position = newPosition; }

    /** Moves responsibility from a merged unit to the one that stays; false when the unit had none here. */
    boolean replaceUnit(long from, long into) {
        if (!unitIds().contains(from)) return false;
        responsible = new ArrayList<>(Responsibility.replaced(unitIds(), from, into).stream().map(IndicatorUnit::of).toList());
        return true;
    }

    public Long id() {
        if (id == null) throw new IllegalStateException("indicator not saved");
        return id;
    }

    public int version() { return version; }

    public long planId() { return plan.getId(); }

    public int position() { return position; }

    public @Nullable String code() { return code; }

    public String category() { return category; }

    public String name() { return name; }

    public @Nullable String measureUnit() { return measureUnit; }

    public @Nullable BigDecimal target() { return target; }

    public String targetText() { return targetText; }

    public Assessment assessment() { return assessment; }

    public boolean assessed() { return assessment.isAssessed(); }

    public StockRule stockRule() { return stockRule; }

    public boolean includesStock() { return stockRule == StockRule.INCLUDES_STOCK; }

    public @Nullable Long parentId() { return parent == null ? null : parent.getId(); }

    public @Nullable String sourceLocation() { return sourceLocation; }

    public List<Long> unitIds() { return responsible.stream().map(IndicatorUnit::unitId).toList(); }

    public List<TargetRevision> revisions() { return List.copyOf(revisions); }
}
