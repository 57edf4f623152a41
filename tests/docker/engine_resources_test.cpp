// engine::Engine: networks and volumes, labelled and found by label.
#include <doctest/doctest.h>

#include <algorithm>

#include "engine_support.hpp"

using namespace stackctl::engine;
using namespace engine_test;

TEST_CASE("networks: create if missing, inspect, list by label, remove") {
  NetworkSpec spec;
  spec.name = unique_name("net");
  spec.labels = test_labels({{"stackctl.stack", "demo"}});
  const NetworkInfo created = engine().ensure_network(spec);
  CHECK(created.name == spec.name);
  CHECK(created.driver == "bridge");
  CHECK(created.labels == spec.labels);
  CHECK(engine().ensure_network(spec).id == created.id);  // already there: the same one
  CHECK(engine().inspect_network(spec.name).id == created.id);

  const auto listed = engine().list_networks({{kLabelKey, kLabelValue}, {"stackctl.stack", "demo"}});
  CHECK(std::any_of(listed.begin(), listed.end(), [&](const NetworkInfo& n) { return n.id == created.id; }));
  CHECK(engine().list_networks({{"stackctl.stack", "other"}}).empty());
  CHECK_FALSE(engine().list_networks({{"stackctl.stack", ""}}).empty());  // key only

  engine().remove_network(spec.name);
  CHECK_THROWS_WITH_AS(engine().inspect_network(spec.name), doctest::Contains("404"), EngineError);
}

TEST_CASE("volumes: create with labels, list by label, remove") {
  VolumeSpec spec{unique_name("vol"), test_labels({{"stackctl.service", "db"}})};
  const VolumeInfo v = engine().create_volume(spec);
  CHECK(v.name == spec.name);
  CHECK(v.driver == "local");
  CHECK(v.labels == spec.labels);
  const auto listed = engine().list_volumes({{kLabelKey, kLabelValue}, {"stackctl.service", "db"}});
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].name == spec.name);
  CHECK(engine().list_volumes({{"stackctl.service", "nothing"}}).empty());
  engine().remove_volume(spec.name);
  CHECK(engine().list_volumes({{"stackctl.service", "db"}, {kLabelKey, kLabelValue}}).empty());
  CHECK_THROWS_WITH_AS(engine().remove_volume(spec.name), doctest::Contains("DELETE /volumes/"), EngineError);
}
