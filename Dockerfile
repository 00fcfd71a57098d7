# db-workers: build the jar with Maven, run it on a JRE as a non-root user.
#   docker build -t db-workers .
#   docker run -p 8080:8080 -e DATABASE_URL=postgresql://user:pass@db:5432/shop db-workers
# routes/ and application.properties are in /app: mount your own over them (docs/operations.md, "Running with Docker").

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
# the Class Data Sharing archive is built in the runtime image below, by its own JRE (-Dexec.skip: not here)
RUN mvn -B -q package -DskipTests -Dexec.skip

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin dbworkers
WORKDIR /app
COPY --from=build /src/target/db-workers.jar target/db-workers.jar
COPY bin/db-workers bin/db-workers-cds bin/
COPY routes/ routes/
COPY application.properties application.properties
# a faster start: target/db-workers.jsa, from a few seconds of the demo on this image's JRE (bin/db-workers-cds)
RUN bin/db-workers-cds
# the embedded default database and file offsets live in /app/data: mount a volume there to keep them
RUN mkdir -p data && chown dbworkers data
USER dbworkers
ENV HTTP_PORT=8080 HTTP_HOST=0.0.0.0
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${HTTP_PORT}/observe/health/ready" || exit 1
# the launcher the tests run (JarProcess): heap cap and JVM options; route files given as arguments replace routes/*.yaml
ENTRYPOINT ["bin/db-workers"]
