package org.xiezuo.unit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.jdbc.core.mapping.AggregateReference;
import org.xiezuo.shared.BusinessRuleViolation;

/** A department of a district (区教育局), with the other names documents use for it. */
public class Unit {

    private @Id @Nullable Long id;
    private @Version int version;
    private final AggregateReference<District, Long> district;
    private String name;
    private final Side side;
    private final Instant createdAt;
    private final List<UnitAlias> aliases;

    @PersistenceCreator
    Unit(@Nullable Long id, int version, AggregateReference<District, Long> district, String name, Side side,
         Instant createdAt, List<UnitAlias> aliases) {
        this.id = id;
        this.version = version;
        this.district = district;
        this.name = name;
        this.side = side;
        this.createdAt = createdAt;
        this.aliases = new ArrayList<>(aliases);
    }

    static Unit create(long districtId, String name, Side side, Instant now) {
        return new Unit(null, 0, AggregateReference.to(districtId), checkedName(name), side, now, List.of());
    }

    private static String checkedName(String raw) {
        String name = UnitNames.normalise(raw);
        if (name.isEmpty() || name.length() > 200) {
            throw new BusinessRuleViolation("unit.name.invalid", "单位名称应为1至200个字符");
        }
        return name;
    }

    public Long id() {
        if (id == null) throw new IllegalStateException("unit not saved");
        return id;
    }

    public long districtId() { return district.getId(); }

    public String name() { return name; }

    public Side side() { return side; }

    public int version() { return version; }

    public List<String> aliases() {
        return aliases.stream().map(UnitAlias::alias).toList();
    }

    /** Whether this unit is called {@code text}, by name or alias. */
    public boolean isCalled(String text) {
        String n = UnitNames.normalise(text);
        return name.equals(n) || aliases().contains(n);
    }

    /** Adds another name; no-op when already known. */
    void addAlias(String raw) {
        String alias = checkedName(raw);
        if (!isCalled(alias)) aliases.add(new UnitAlias(alias));
    }

    void removeAlias(String raw) {
        String alias = UnitNames.normalise(raw);
        if (!aliases.removeIf(a -> a.alias().equals(alias))) {
            throw new BusinessRuleViolation("unit.alias.unknown", "「" + name + "」没有别名「" + alias + "」");
        }
    }

    /** Renames the unit; the old name stays as an alias so documents that use it still match. */
    void rename(String raw) {
        String newName = checkedName(raw);
        if (newName.equals(name)) return;
        String old = name;
        aliases.removeIf(a -> a.alias().equals(newName));
        name = newName;
        aliases.add(new UnitAlias(old));
    }
}
