package org.xiezuo.supervision;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code xiezuo.supervision.*}: the order number's prefix (default: the district's first character +
 * 协督, 普陀区 → 普协督), days after the response deadline before a late answer turns red (3), days a
 * report may be overdue before an order is drafted automatically (5), the default response time (7
 * days), and whether the daily job drafts orders at all.
 */
@ConfigurationProperties("xiezuo.supervision")
public record SupervisionSettings(@Nullable String numberPrefix, @DefaultValue("3") int redAfterDays,
                                  @DefaultValue("5") int overdueDraftDays, @DefaultValue("7") int responseDays,
                                  @DefaultValue("true") boolean autoDraft) {}
