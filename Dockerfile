# Gatehouse runtime image.
#   docker build -t gatehouse .
#   docker run -p 8080:8080 -v gatehouse-data:/data gatehouse
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY config/pom.xml config/pom.xml
COPY analyzer/pom.xml analyzer/pom.xml
COPY policy/pom.xml policy/pom.xml
COPY core/pom.xml core/pom.xml
COPY proxy/pom.xml proxy/pom.xml
COPY benchmarks/pom.xml benchmarks/pom.xml
RUN mvn -B -q dependency:go-offline -DexcludeGroupIds=dev.gatehouse || true
COPY . .
RUN mvn -B -q -DskipTests -pl proxy -am package

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
  CMD curl -fsS http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/gatehouse/gatehouse.jar"]
CMD ["serve"]
