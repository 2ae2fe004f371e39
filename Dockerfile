# syntax=docker/dockerfile:1
#
# One image recipe for any Rivulet Spring Boot application of this repository:
#
#   docker build --build-arg MODULE=sample-fraud-detection -t rivulet/sample-fraud-detection:0.1.0-SNAPSHOT .
#   docker build --build-arg MODULE=sample-monitoring      -t rivulet/sample-monitoring:0.1.0-SNAPSHOT .
#
# The build runs with -Dproduction: the samples' in-process dev broker (rivulet-embedded-broker,
# the Kafka server, Scala; about 40 MB of jars) stays out of the image, so the image needs a real
# broker (SPRING_KAFKA_BOOTSTRAP_SERVERS). See deploy/README.md.

ARG MODULE=sample-fraud-detection

FROM eclipse-temurin:17-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
# ~/.m2 (the Maven distribution of ./mvnw and the dependencies) is a BuildKit cache: it survives
# between builds without becoming part of any layer.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -Dproduction -DskipTests -pl "${MODULE}" -am package
# Split the Spring Boot jar into its layers, least often changed first (verified against the
# built jar: `java -Djarmode=tools -jar app.jar list-layers`).
RUN set -eu; \
    set -- "${MODULE}"/target/"${MODULE}"-*.jar; \
    if [ "$#" -ne 1 ] || [ ! -f "$1" ]; then echo "expected one jar, found: $*" >&2; exit 1; fi; \
    java -Djarmode=tools -jar "$1" extract --layers --launcher --destination /extracted

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 rivulet \
 && useradd --system --uid 10001 --gid rivulet --no-create-home --home-dir /nonexistent rivulet \
 && mkdir -p /var/lib/rivulet/state \
 && chown -R 10001:10001 /var/lib/rivulet
WORKDIR /app
# One COPY per layer, in the order of how often they change: a code change rebuilds only the
# last layer. The application code stays owned by root, read-only for the application user.
# Rivulet's own jars (framework, starter) are project modules and land in "application".
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./

# RocksDB state (and the instance's id file): mount a volume here to keep the state across
# container restarts; after a clean restart only the changelog tail is replayed.
VOLUME /var/lib/rivulet
ENV RIVULET_STATE_DIR=/var/lib/rivulet/state \
    RIVULET_DEV_BROKER_ENABLED=false

# Memory budget. The heap gets half of the container's memory limit; the other half is for
# memory the JVM does not count in -Xmx:
#   heap (50%)                 includes the state cache (rivulet.memory.state-cache, 32 MiB)
#   RocksDB block cache        rivulet.memory.block-cache, 64 MiB, shared by all stores
#   RocksDB write buffers      rivulet.memory.write-buffer, 32 MiB, shared by all stores
#   JVM non-heap               metaspace, code cache, thread stacks, GC: ~150-200 MiB
#   direct buffers, malloc     Kafka clients' network buffers, RocksDB's native allocations
# With a 1 GiB limit: 512 MiB heap, ~100 MiB RocksDB, ~200 MiB JVM, ~200 MiB headroom. Raise the
# limit, not the percentage, when you raise rivulet.memory.*: RocksDB memory is off-heap.
# MALLOC_ARENA_MAX keeps glibc from growing one malloc arena per thread (RocksDB allocates
# from many threads), which otherwise inflates the resident size of RocksDB applications.
# Override JAVA_TOOL_OPTIONS at run time to add flags (it replaces this value).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2

USER 10001:10001
EXPOSE 8080
# The extracted layout is an exploded jar with the Spring Boot launcher (Main-Class of the
# jar's manifest); the working directory is its class path.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
