package io.github.ddbpatterns.core.table;

import io.github.ddbpatterns.core.DdbPatternsException;

/**
 * The table's TTL cannot work as asked: the attribute is not a Number of epoch seconds, or TTL is enabled on
 * another attribute. The message says what was found and what DynamoDB requires.
 */
public class TtlConfigurationException extends DdbPatternsException {

    private static final long serialVersionUID = 1L;

    private TtlConfigurationException(String message) {
        super(message);
    }

    static TtlConfigurationException declaredNotNumber(String table, String attribute, String type) {
        return new TtlConfigurationException("TTL attribute '" + attribute + "' of table " + table
                + " is declared as type " + type + ": DynamoDB TTL only deletes items whose TTL attribute is a Number"
                + " holding epoch seconds; use a Number attribute");
    }

    static TtlConfigurationException storedNotNumber(String table, String attribute, String type) {
        return new TtlConfigurationException("TTL attribute '" + attribute + "' of table " + table
                + " holds a value of type " + type + " in some items: DynamoDB TTL only deletes items whose TTL"
                + " attribute is a Number of epoch seconds; such items would never expire. Store epoch seconds as a"
                + " Number (e.g. Instant.getEpochSecond())");
    }

    static TtlConfigurationException notSeconds(String table, String attribute, String value) {
        return new TtlConfigurationException("TTL attribute '" + attribute + "' of table " + table + " holds "
                + value + ", which looks like epoch milliseconds (or finer), not epoch seconds: DynamoDB would read"
                + " it as a date thousands of years away and never delete the item. Store Instant.getEpochSecond()");
    }

    static TtlConfigurationException otherAttribute(String table, String asked, String enabled) {
        return new TtlConfigurationException("table " + table + " already has TTL on attribute '" + enabled
                + "' (DynamoDB allows one TTL attribute per table), asked for '" + asked + "': use ttlAttribute(\""
                + enabled + "\") or disable TTL first");
    }
}
