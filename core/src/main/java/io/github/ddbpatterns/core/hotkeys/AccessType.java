package io.github.ddbpatterns.core.hotkeys;

import java.util.Locale;

/** Whether capacity was consumed by reading or by writing; tracked separately (different partition limits). */
public enum AccessType {

    /** Read units (RCU / read request units). */
    READ,
    /** Write units (WCU / write request units). */
    WRITE;

    /** The lowercase name used as a metric tag value. */
    public String tagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
