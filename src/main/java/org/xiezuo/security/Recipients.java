package org.xiezuo.security;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.shared.Role;

/**
 * Who a notification reaches: enabled accounts picked by user name, by unit and role, or by district and
 * role, with the e-mail address the account gave. The address is personal data: it is read here when a
 * message is sent and never copied into the notification tables or logs.
 */
@Component
public class Recipients {

    /** An enabled account as a recipient. */
    public record Recipient(String username, String displayName, @Nullable String email) {}

    private static final String COLUMNS = "a.username, a.display_name, a.email";

    private final JdbcClient jdbc;

    Recipients(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The enabled accounts among these user names; unknown and disabled names are left out. */
    @Transactional(readOnly = true)
    public List<Recipient> named(Collection<String> usernames) {
        if (usernames.isEmpty()) return List.of();
        return jdbc.sql("select " + COLUMNS + """
                 from security_account a where a.enabled = true and a.username in (:names) order by a.username
                """).param("names", List.copyOf(Set.copyOf(usernames))).query(Recipients::read).list();
    }

    /** The enabled account of this user name. */
    @Transactional(readOnly = true)
    public Optional<Recipient> find(String username) {
        return jdbc.sql("select " + COLUMNS + " from security_account a where a.enabled = true and a.username = :name")
                .param("name", username).query(Recipients::read).optional();
    }

    /**
     * Every enabled account bound to one of these units of the district with one of the roles (units of
     * another district are ignored).
     */
    @Transactional(readOnly = true)
    public List<Recipient> ofUnits(long districtId, Collection<Long> unitIds, Set<Role> roles) {
        if (unitIds.isEmpty() || roles.isEmpty()) return List.of();
        return jdbc.sql("select " + COLUMNS + """
                 from security_account a
                where a.enabled = true
                  and exists (select 1 from security_account_role r where r.account_id = a.id and r.role in (:roles))
                  and exists (select 1 from security_account_unit au join unit u on u.id = au.unit_id
                               where au.account_id = a.id and au.unit_id in (:units) and u.district_id = :district)
                order by a.username
                """).param("roles", roles.stream().map(Role::name).toList()).param("units", List.copyOf(Set.copyOf(unitIds)))
                .param("district", districtId).query(Recipients::read).list();
    }

    /**
     * Every enabled account with one of the roles whose scope covers the district: bound to a unit of the
     * district, or to no unit at all (a district-level role bound to none reaches every district, as in
     * {@link org.xiezuo.shared.Access}). Meant for district-level roles such as 协作办.
     */
    @Transactional(readOnly = true)
    public List<Recipient> ofDistrict(long districtId, Set<Role> roles) {
        if (roles.isEmpty()) return List.of();
        return jdbc.sql("select " + COLUMNS + """
                 from security_account a
                where a.enabled = true
                  and exists (select 1 from security_account_role r where r.account_id = a.id and r.role in (:roles))
                  and (exists (select 1 from security_account_unit au join unit u on u.id = au.unit_id
                                where au.account_id = a.id and u.district_id = :district)
                       or not exists (select 1 from security_account_unit au where au.account_id = a.id))
                order by a.username
                """).param("roles", roles.stream().map(Role::name).toList()).param("district", districtId)
                .query(Recipients::read).list();
    }

    private static Recipient read(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Recipient(rs.getString("username"), rs.getString("display_name"), rs.getString("email"));
    }
}
