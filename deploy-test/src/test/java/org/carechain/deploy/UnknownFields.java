package org.carechain.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Finds fields fabric8 did not recognise. fabric8 never rejects an unknown field: it keeps it in
 * the object's {@code additionalProperties}. A misspelt key ({@code imagePullPolicyy},
 * {@code readinessprobe}) therefore parses fine and is silently dropped by the API server; this
 * walker reports every such field with its path.
 */
public final class UnknownFields {

    private UnknownFields() {
    }

    /** Paths such as {@code spec.template.spec.containers[0].imagePullPolicyy}; empty when strict. */
    public static List<String> in(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found);
        return found;
    }

    private static void walk(Object node, String path, List<String> found) {
        if (node == null || isLeaf(node.getClass())) {
            return;
        }
        if (node instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                walk(element, path + "[" + index++ + "]", found);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, path + "[" + key + "]", found));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : getters(node.getClass())) {
            Object value = invoke(getter, node);
            String property = propertyName(getter);
            if (property.equals("additionalProperties")) {
                if (value instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    unknown.keySet().forEach(key -> found.add(join(path, String.valueOf(key))));
                }
            } else {
                walk(value, join(path, property), found);
            }
        }
    }

    private static List<Method> getters(Class<?> type) {
        List<Method> getters = new ArrayList<>();
        for (Method method : type.getMethods()) {
            boolean getter = (method.getName().startsWith("get") && method.getName().length() > 3)
                    || (method.getName().startsWith("is") && method.getReturnType() == boolean.class);
            if (getter && method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())
                    && method.getDeclaringClass() != Object.class && !method.getName().equals("getClass")) {
                getters.add(method);
            }
        }
        getters.sort(Comparator.comparing(Method::getName));
        return getters;
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }

    private static String propertyName(Method getter) {
        String name = getter.getName().startsWith("is") ? getter.getName().substring(2) : getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static boolean isLeaf(Class<?> type) {
        return type.isPrimitive() || type.isEnum() || Number.class.isAssignableFrom(type)
                || type == String.class || type == Boolean.class || type == Character.class;
    }

    private static String join(String path, String property) {
        return path.isEmpty() ? property : path + "." + property;
    }
}
