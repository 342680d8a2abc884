package org.xiezuo.ledger;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.xiezuo.audit.AuditTrail;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.ledger.personal.KeyRotation;
import org.xiezuo.shared.Access;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.Permission;

/**
 * Re-encrypts every stored ID and phone number under the active key (docs/personal-data.md): resumable,
 * chunk by chunk; the command line's {@code rotate-keys} runs it. The outcome is audited.
 */
@Service
public class PersonalDataKeyRotation {

    private final KeyRotation rotation;
    private final AuditTrail audit;

    PersonalDataKeyRotation(KeyRotation rotation, AuditTrail audit) {
        this.rotation = rotation;
        this.audit = audit;
    }

    /** {"activeKey","rows","values","remaining","finished"}. */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public Map<String, Object> rotate(Actor actor) {
        Access.require(actor, Permission.LEDGER_CONFIGURE);
        KeyRotation.RotationResult result = rotation.rotate();
        audit.recordAlone(actor, Event.success("PERSONAL_DATA_KEY_ROTATED", "personal_data_key", result.activeKey(), null,
                "个人信息重新加密到密钥" + result.activeKey() + "：" + result.rows() + "人、" + result.values() + "项，剩余"
                        + result.remaining() + "人"));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("activeKey", result.activeKey());
        map.put("rows", result.rows());
        map.put("values", result.values());
        map.put("remaining", result.remaining());
        map.put("finished", result.finished());
        return map;
    }
}
