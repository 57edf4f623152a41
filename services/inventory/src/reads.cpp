#include "reads.hpp"

#include <chrono>
#include <map>
#include <optional>

#include "kit/log.hpp"
#include "text.hpp"

namespace inventory {

namespace {

constexpr std::size_t max_timestamp_chars = 64;

const char* const read_shape = "{room, tag, sku, event, timestamp}";

constexpr Micros micros_per_second = 1'000'000;

// Why `item` is not a valid read ("; "-separated), or empty; fills `read`.
// A timestamp more than `max_skew_seconds` after `now` is invalid.
std::string check_read(const nlohmann::json& item, Read& read, Micros now, std::int64_t max_skew_seconds) {
  if (!item.is_object()) return std::string("must be an object ") + read_shape;
  std::string problems;
  auto add = [&problems](const std::string& problem) { problems += (problems.empty() ? "" : "; ") + problem; };
  auto string_field = [&](const char* name) -> const std::string* {
    auto it = item.find(name);
    if (it == item.end()) {
      add(std::string(name) + ": missing");
      return nullptr;
    }
    if (!it->is_string()) {
      add(std::string(name) + ": must be a string");
      return nullptr;
    }
    return &it->get_ref<const std::string&>();
  };
  const std::pair<const char*, std::string_view*> ids[] = {
      {"room", &read.room}, {"tag", &read.tag}, {"sku", &read.sku}};
  for (auto [name, target] : ids) {
    if (const auto* value = string_field(name)) {
      auto problem = id_problem(*value);
      if (problem.empty())
        *target = *value;
      else
        add(std::string(name) + ": " + problem);
    }
  }
  if (const auto* event = string_field("event")) {
    if (*event == "seen" || *event == "removed")
      read.removed = *event == "removed";
    else
      add("event: must be \"seen\" or \"removed\"");
  }
  if (const auto* timestamp = string_field("timestamp")) {
    if (timestamp->size() > max_timestamp_chars) {
      add("timestamp: is not an RFC 3339 timestamp like 2026-11-22T10:00:00Z");
    } else {
      auto parsed = parse_rfc3339(*timestamp);
      if (!parsed.value) {
        add("timestamp: \"" + *timestamp + "\" " + parsed.error);
      } else if (Micros ahead = *parsed.value - now; ahead > max_skew_seconds * micros_per_second) {
        // Whole seconds, rounded up, so the count always exceeds the limit.
        Micros seconds = (ahead + micros_per_second - 1) / micros_per_second;
        add("timestamp: \"" + *timestamp + "\" is " + std::to_string(seconds) +
            " s in the future (more than MAX_CLOCK_SKEW_SECONDS=" + std::to_string(max_skew_seconds) + ")");
      } else {
        read.at = *parsed.value;
      }
    }
  }
  return problems;
}

// Each tag's newest event in the batch (the later row on a tie) and its
// newest 'seen' time.
struct TagState {
  const Read* newest = nullptr;
  std::optional<Micros> seen;
};

const char* const upsert_items_sql = R"sql(
INSERT INTO items AS i (tag, room, sku, last_event, last_event_at, last_seen_at)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])
ON CONFLICT (tag) DO UPDATE SET
  room = CASE WHEN excluded.last_event_at >= i.last_event_at THEN excluded.room ELSE i.room END,
  sku = CASE WHEN excluded.last_event_at >= i.last_event_at THEN excluded.sku ELSE i.sku END,
  last_event = CASE WHEN excluded.last_event_at >= i.last_event_at THEN excluded.last_event ELSE i.last_event END,
  last_event_at = GREATEST(i.last_event_at, excluded.last_event_at),
  last_seen_at = GREATEST(i.last_seen_at, excluded.last_seen_at)
WHERE excluded.last_event_at >= i.last_event_at
   OR excluded.last_seen_at > coalesce(i.last_seen_at, '-infinity'))sql";

bool retryable(const kit::pg::Error& e) { return e.sqlstate() == "40P01" || e.sqlstate() == "40001"; }

}  // namespace

CheckedBatch check_reads(const nlohmann::json& body, Micros now, std::int64_t max_skew_seconds) {
  CheckedBatch batch;
  batch.reads.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    Read read;
    auto problem = check_read(body[i], read, now, max_skew_seconds);
    if (problem.empty()) {
      batch.reads.push_back(read);
      continue;
    }
    if (batch.invalid.size() < max_reported_invalid) batch.invalid.push_back({i, std::move(problem)});
    ++batch.invalid_count;
  }
  if (batch.invalid_count) batch.reads.clear();
  return batch;
}

void store_reads(kit::pg::Connection& conn, const std::vector<Read>& reads) {
  // Ordered by tag, so concurrent batches lock shared tags in one order.
  std::map<std::string_view, TagState> tags;
  for (const auto& read : reads) {
    auto& state = tags[read.tag];
    if (!state.newest || read.at >= state.newest->at) state.newest = &read;
    if (!read.removed && (!state.seen || read.at > *state.seen)) state.seen = read.at;
  }
  std::vector<std::optional<std::string>> tag, room, sku, event, event_at, seen_at;
  for (const auto& [name, state] : tags) {
    tag.emplace_back(std::string(name));
    room.emplace_back(std::string(state.newest->room));
    sku.emplace_back(std::string(state.newest->sku));
    event.emplace_back(state.newest->removed ? "removed" : "seen");
    event_at.emplace_back(format_rfc3339(state.newest->at));
    seen_at.push_back(state.seen ? std::optional(format_rfc3339(*state.seen)) : std::nullopt);
  }

  kit::pg::Transaction tx(conn);
  conn.copy_in("COPY reads (room, tag, sku, event, read_at) FROM STDIN", [&reads](kit::pg::CopyWriter& out) {
    for (const auto& read : reads) {
      out.field(read.room);
      out.field(read.tag);
      out.field(read.sku);
      out.field(read.removed ? "removed" : "seen");
      out.field(format_rfc3339(read.at));
      out.end_row();
    }
  });
  conn.prepared("upsert_items", upsert_items_sql,
                {kit::pg::array_literal(tag), kit::pg::array_literal(room), kit::pg::array_literal(sku),
                 kit::pg::array_literal(event), kit::pg::array_literal(event_at), kit::pg::array_literal(seen_at)});
  tx.commit();
}

ReadsHandler::ReadsHandler(kit::pg::Pool& pool, kit::Metrics& metrics, const Options& options)
    : pool_(pool),
      options_(options),
      ingested_(metrics.counter("inventory_reads_ingested_total", "RFID reads stored, by event.")),
      batches_(metrics.counter("inventory_read_batches_total",
                               "POST /reads batches by outcome (accepted, invalid, too_large, malformed).")),
      rejected_reads_(metrics.counter("inventory_invalid_reads_total", "Invalid reads in rejected batches.")) {}

void ReadsHandler::operator()(const kit::Request& req, kit::Response& res) {
  nlohmann::json body;
  try {
    body = kit::parse_json_body(req);
  } catch (const kit::HttpError&) {
    batches_.add({{"outcome", "malformed"}});
    throw;
  }
  if (!body.is_array()) {
    batches_.add({{"outcome", "malformed"}});
    throw kit::HttpError(400, std::string("the body must be a JSON array of reads ") + read_shape);
  }
  if (body.size() > options_.max_batch_reads) {
    batches_.add({{"outcome", "too_large"}});
    throw kit::HttpError(413,
                         "the batch has " + std::to_string(body.size()) + " reads; at most " +
                             std::to_string(options_.max_batch_reads) + " are allowed (MAX_BATCH_READS)",
                         {{"max_batch_reads", options_.max_batch_reads}});
  }

  // The server's clock at request time bounds how far ahead a read may be.
  auto now = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
                 .count();
  auto batch = check_reads(body, now, options_.max_clock_skew_seconds);
  if (batch.invalid_count) {
    batches_.add({{"outcome", "invalid"}});
    rejected_reads_.add({}, static_cast<double>(batch.invalid_count));
    nlohmann::json invalid = nlohmann::json::array();
    for (const auto& bad : batch.invalid) invalid.push_back({{"index", bad.index}, {"error", bad.error}});
    throw kit::HttpError(422,
                         std::to_string(batch.invalid_count) + " invalid read" + (batch.invalid_count == 1 ? "" : "s"),
                         {{"invalid", invalid}, {"invalid_count", batch.invalid_count}});
  }

  if (!batch.reads.empty()) {
    auto conn = lease(pool_);
    for (int attempt = 1;; ++attempt) {
      try {
        store_reads(*conn, batch.reads);
        break;
      } catch (const kit::pg::Error& e) {
        if (!retryable(e) || attempt == 3) throw;
        kit::log::warn("reads_retry", {{"attempt", attempt}, {"error", e.what()}});
      }
    }
  }
  std::size_t removed = 0;
  for (const auto& read : batch.reads) removed += read.removed;
  if (batch.reads.size() > removed)
    ingested_.add({{"event", "seen"}}, static_cast<double>(batch.reads.size() - removed));
  if (removed) ingested_.add({{"event", "removed"}}, static_cast<double>(removed));
  batches_.add({{"outcome", "accepted"}});
  kit::send_json(res, 200, {{"accepted", batch.reads.size()}});
}

}  // namespace inventory
