package org.xiezuo.audit;

import org.springframework.stereotype.Component;
import org.xiezuo.audit.AuditTrail.Event;
import org.xiezuo.shared.Actor;
import org.xiezuo.shared.NotFound;

/**
 * Object-level refusals: an actor asking for something outside its scope gets the same answer as for
 * something that does not exist (no existence leak), and the attempt is audited.
 */
@Component
public class Refusals {

    private final AuditTrail audit;

    Refusals(AuditTrail audit) {
        this.audit = audit;
    }

    /** Records the attempt and returns the {@link NotFound} to throw. */
    public NotFound hidden(Actor actor, String kind, Object id) {
        audit.recordAlone(actor, new Event("AUTHZ_DENIED", kind, id, null, "DENIED",
                "越权访问：" + kind + "（" + id + "）不在本账号的范围内"));
        return new NotFound(kind, id);
    }
}
