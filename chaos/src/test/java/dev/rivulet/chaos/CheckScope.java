package dev.rivulet.chaos;

/**
 * What every part of the checker reads from: the admin client over the cluster, the run's topics,
 * the application id (names of its changelogs and DLQs) and the profile.
 */
record CheckScope(Topics admin, ChaosTopology.Topics topics, String app, ChaosProfile profile) {}
