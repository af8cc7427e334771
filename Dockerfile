# syntax=docker/dockerfile:1
# Gatehouse runtime image.
#   docker build -t gatehouse .
#   docker run -p 8080:8080 -v gatehouse-data:/data gatehouse
# Configuration: mount a gatehouse.yml and pass `serve --config /etc/gatehouse/gatehouse.yml`, or set the
# GATEHOUSE_* environment variables. The health check asks the port GATEHOUSE_PORT names.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The Maven repository is a build cache, not a layer: a failed download fails the build, visibly.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests -pl proxy -am package

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system gatehouse && useradd --system --gid gatehouse --home-dir /data gatehouse \
    && mkdir -p /data && chown gatehouse:gatehouse /data
COPY --from=build /src/proxy/target/gatehouse.jar /opt/gatehouse/gatehouse.jar
ENV GATEHOUSE_DATA_DIR=/data \
    GATEHOUSE_HOST=0.0.0.0 \
    GATEHOUSE_PORT=8080
VOLUME ["/data"]
EXPOSE 8080
USER gatehouse
WORKDIR /data
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${GATEHOUSE_PORT}/health" || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/gatehouse/gatehouse.jar"]
CMD ["serve"]
