package org.xiezuo.assessment;

/** Where an indicator stands against time progress, as the dashboard colours it. */
public enum IndicatorStatus {
    COMPLETED("已完成", "status-completed"),
    ON_TRACK("正常", "status-on-track"),
    BEHIND("滞后", "status-behind"),
    SERIOUSLY_BEHIND("严重滞后", "status-seriously-behind"),
    NOT_ASSESSED("不考核", "status-not-assessed");

    private final String label;
    private final String css;

    IndicatorStatus(String label, String css) {
        this.label = label;
        this.css = css;
    }

    public String label() { return label; }

    /** The CSS class of the colour the dashboard (and later the exports) give it. */
    public String css() { return css; }

    public boolean lagging() { return this == BEHIND || this == SERIOUSLY_BEHIND; }
}
