#!/usr/bin/env bash
# Entrypoint of stackctl-test/activemq:5 (see Dockerfile). `activemq console`
# (the default command) writes $ACTIVEMQ_CONF/activemq.xml from the
# environment, drops to the activemq user (setpriv) and execs the JVM in the
# foreground, with the options Debian's /usr/bin/activemq uses on Java 17.
# Anything else is run as given.
set -Eeuo pipefail

xml_escape() {
  local s=${1//&/"&amp;"}
  s=${s//</"&lt;"}
  s=${s//>/"&gt;"}
  s=${s//\"/"&quot;"}
  s=${s//\'/"&apos;"}
  printf '%s' "$s"
}

write_config() {
  local user=${ACTIVEMQ_CONNECTION_USER:-} password=${ACTIVEMQ_CONNECTION_PASSWORD:-}
  local conf="$ACTIVEMQ_CONF/activemq.xml"
  umask 077 # the file may hold the password
  {
    cat <<XML
<beans xmlns="http://www.springframework.org/schema/beans"
       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
       xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans.xsd
       http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd">
  <!-- Written by docker-entrypoint.sh at every start; edits are lost. -->
  <broker xmlns="http://activemq.apache.org/schema/core" brokerName="localhost" useJmx="false"
          dataDirectory="$(xml_escape "$ACTIVEMQ_DATA")">
    <persistenceAdapter>
      <kahaDB directory="$(xml_escape "$ACTIVEMQ_DATA")/kahadb"/>
    </persistenceAdapter>
XML
    if [ -n "$user" ]; then
      echo "ActiveMQ connection security enabled for user $user" >&2
      cat <<XML
    <plugins>
      <simpleAuthenticationPlugin anonymousAccessAllowed="false">
        <users>
          <authenticationUser username="$(xml_escape "$user")" password="$(xml_escape "$password")" groups="admins,users"/>
        </users>
      </simpleAuthenticationPlugin>
    </plugins>
XML
    fi
    cat <<'XML'
    <transportConnectors>
      <transportConnector name="openwire" uri="tcp://0.0.0.0:61616?maximumConnections=1000&amp;wireFormat.maxFrameSize=104857600"/>
      <transportConnector name="stomp" uri="stomp://0.0.0.0:61613?maximumConnections=1000&amp;wireFormat.maxFrameSize=104857600"/>
    </transportConnectors>
  </broker>
</beans>
XML
  } >"$conf.tmp"
  mv "$conf.tmp" "$conf"
  umask 022
}

if [ "${1:-}" = activemq ] && [ "${2:-}" = console ]; then
  if [ "$(id -u)" = 0 ]; then
    mkdir -p "$ACTIVEMQ_CONF" "$ACTIVEMQ_DATA" "$ACTIVEMQ_BASE/tmp"
    find "$ACTIVEMQ_BASE" \! -user activemq -exec chown activemq:activemq '{}' +
    exec setpriv --reuid=activemq --regid=activemq --init-groups "${BASH_SOURCE[0]}" "$@"
  fi
  write_config
  shift 2
  # shellcheck disable=SC2206  # both are lists of JVM options by contract
  jvm_opts=($ACTIVEMQ_OPTS_MEMORY ${ACTIVEMQ_OPTS:-})
  unset ACTIVEMQ_CONNECTION_PASSWORD
  cd "$ACTIVEMQ_BASE"
  exec java "${jvm_opts[@]}" \
    -Djava.awt.headless=true \
    -Djava.io.tmpdir="$ACTIVEMQ_BASE/tmp" \
    -Dlog4j.configuration="file:$ACTIVEMQ_CONF/log4j.properties" \
    --add-reads=java.xml=java.logging \
    --add-opens java.base/java.security=ALL-UNNAMED \
    --add-opens java.base/java.net=ALL-UNNAMED \
    --add-opens java.base/java.lang=ALL-UNNAMED \
    --add-opens java.base/java.util=ALL-UNNAMED \
    --add-opens java.naming/javax.naming.spi=ALL-UNNAMED \
    --add-opens java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED \
    --add-opens java.base/java.util.concurrent=ALL-UNNAMED \
    --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED \
    --add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED \
    --add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED \
    --add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED \
    --add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED \
    --add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED \
    -Dactivemq.classpath="$ACTIVEMQ_CONF" \
    -Dactivemq.home="$ACTIVEMQ_HOME" \
    -Dactivemq.base="$ACTIVEMQ_BASE" \
    -Dactivemq.conf="$ACTIVEMQ_CONF" \
    -Dactivemq.data="$ACTIVEMQ_DATA" \
    -jar "$ACTIVEMQ_HOME/bin/activemq.jar" start "xbean:file:$ACTIVEMQ_CONF/activemq.xml" "$@"
fi

exec "$@"
