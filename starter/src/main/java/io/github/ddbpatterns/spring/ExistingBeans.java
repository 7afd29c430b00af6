package io.github.ddbpatterns.spring;

import io.github.ddbpatterns.core.table.SyncTableRepository;
import io.github.ddbpatterns.core.table.TableRepository;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * The singletons of a type that exist in a bean factory, by bean name: a lazy bean never created is not created to
 * be flushed, checked or described (nor is a factory bean initialised early to learn its type).
 */
final class ExistingBeans {

    private final ConfigurableListableBeanFactory beanFactory;

    ExistingBeans(ConfigurableListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    /** The existing singletons of {@code type}, by bean name, in registration order. */
    <T> Map<String, T> of(Class<T> type) {
        Map<String, T> found = new LinkedHashMap<>();
        for (String name : beanFactory.getBeanNamesForType(type, false, false)) {
            if (beanFactory.containsSingleton(name)) {
                found.put(name, beanFactory.getBean(name, type));
            }
        }
        return found;
    }

    /**
     * Every repository of the application with the names of the beans that hold it: {@link TableRepository} beans,
     * and the asynchronous repository behind each blocking twin bean ({@code sync()} views), once each, in bean
     * registration order.
     */
    List<RepositoryBean> repositories() {
        Map<TableRepository, RepositoryBean> found = new IdentityHashMap<>();
        List<RepositoryBean> order = new ArrayList<>();
        of(TableRepository.class).forEach((name, repository) -> add(found, order, repository, name));
        @SuppressWarnings("rawtypes")
        Map<String, SyncTableRepository> twins = of(SyncTableRepository.class);
        twins.forEach((name, twin) -> add(found, order, twin.async(), name));
        return order.stream()
                .map(r -> new RepositoryBean(r.repository(), List.copyOf(r.beans())))
                .toList();
    }

    private static void add(
            Map<TableRepository, RepositoryBean> found,
            List<RepositoryBean> order,
            TableRepository repository,
            String name) {
        found.computeIfAbsent(repository, r -> {
                    RepositoryBean bean = new RepositoryBean(r, new ArrayList<>());
                    order.add(bean);
                    return bean;
                })
                .beans()
                .add(name);
    }

    /**
     * A repository and the beans holding it.
     *
     * @param repository the (asynchronous) repository
     * @param beans the names of the beans holding it or its blocking twin
     */
    record RepositoryBean(TableRepository repository, List<String> beans) {}
}
