package io.github.ddbpatterns.capacity;

import software.amazon.awssdk.services.dynamodb.model.Capacity;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;

/** The read or write units in a {@link ConsumedCapacity} or {@link Capacity}: the specific figure, else the total. */
final class CapacityReading {

    private CapacityReading() {}

    static double units(ConsumedCapacity capacity, boolean write) {
        return units(write ? capacity.writeCapacityUnits() : capacity.readCapacityUnits(), capacity.capacityUnits());
    }

    static double units(Capacity capacity, boolean write) {
        return units(write ? capacity.writeCapacityUnits() : capacity.readCapacityUnits(), capacity.capacityUnits());
    }

    private static double units(Double specific, Double total) {
        if (specific != null) {
            return specific;
        }
        return total == null ? 0 : total;
    }
}
