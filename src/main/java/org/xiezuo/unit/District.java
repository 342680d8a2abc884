package org.xiezuo.unit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;

/** An eastern government that issues task books, e.g. 舟山市普陀区; owns its units and plans. */
public class District {

    private @Id @Nullable Long id;
    private @Version int version;
    private final String name;
    private @Nullable String province;
    private final Instant createdAt;

    @PersistenceCreator
    District(@Nullable Long id, int version, String name, @Nullable String province, Instant createdAt) {
        this.id = id;
        this.version = version;
        this.name = name;
        this.province = province;
        this.createdAt = createdAt;
    }

    static District named(String name, @Nullable String province, Instant now) {
        String clean = name.strip();
        if (clean.isEmpty() || clean.length() > 100) throw new IllegalArgumentException("地区名称应为1至100个字符");
        return new District(null, 0, clean, province, now);
    }

    public Long id() {
        if (id == null) throw new IllegalStateException("district not saved");
        return id;
    }

    public String name() { return name; }

    public @Nullable String province() { return province; }

    void province(@Nullable String value) { province = value; }

    public Instant createdAt() { return createdAt; }
}
