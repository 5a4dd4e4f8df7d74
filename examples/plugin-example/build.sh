#!/usr/bin/env bash
# Builds the example plugin against jobpool's job-type API jar, with nothing but a JDK 25:
#   (cd ../.. && ./mvnw -q -DskipTests package)     # makes target/jobpool-*-api.jar
#   ./build.sh                                       # makes target/jobpool-plugin-example.jar
# then copy target/jobpool-plugin-example.jar into jobpool's plugins/ folder and restart jobpool.
set -euo pipefail
cd "$(dirname "$0")"
API=$(ls ../../target/jobpool-*-api.jar | head -1)
JDK=$(../../bin/jdk25)
rm -rf target && mkdir -p target/classes
"$JDK/bin/javac" --release 25 -cp "$API" -d target/classes $(find src/main/java -name '*.java')
cp -r src/main/resources/. target/classes/
"$JDK/bin/jar" --create --file target/jobpool-plugin-example.jar -C target/classes .
echo "built target/jobpool-plugin-example.jar"
