// The commit log seen as MySQL's binary log (SHOW BINARY LOGS / MASTER STATUS / BINLOG EVENTS).
//
// mdld has no separate binlog: the durable commit log (commit_log.h, log_record.h) already holds
// every committed transaction and DDL in commit order, so it plays that part. Each log file
// mdld-log.NNNNNN is one "binary log"; each record in it maps to the events a DBA knows from
// MySQL's row-based binlog:
//
//   kTrxCommit   Query "BEGIN"; per table, in the order the commit first touched it, a
//                Table_map "table_id: N (db.t)" followed by Write_rows / Update_rows /
//                Delete_rows "table_id: N" (the last one "table_id: N flags: STMT_END_F");
//                then Xid "COMMIT /* xid=<trx id> */".
//   DDL records  one Query event. The log keeps the resulting definition, not the statement
//                text, so Info is rebuilt from the record ("use `db`; ALTER TABLE `t` /* ... */");
//                see docs/sql_session.md "Binary log".
//
// Row events: a record holds only after-images (a row's new image or "deleted"), so whether an
// image is an insert or an update depends on whether the key existed before. The reader replays
// the checkpoint snapshot and the earlier log files (as recovery does, but keeping only table
// names and primary keys) to tell them apart.
//
// Positions: Pos / End_log_pos are byte offsets of the record's frame in the file. A record is
// indivisible (one frame, one CRC), so all events mapped from one record share its range.
//
// Thread safety: stateless functions over files; safe to call concurrently with a running engine.
// The engine only appends whole frames, so a partial frame at the end of the file being written
// is treated as not yet there; a checkpoint running meanwhile may delete an older file, which
// then reads as "not found" (as a purged binlog does in MySQL).
#ifndef STORAGE_BINLOG_READER_H_
#define STORAGE_BINLOG_READER_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "storage/key.h"
#include "storage/log_record.h"
#include "storage/status.h"

namespace storage {

struct BinlogFile {
  std::string name;  // "mdld-log.000003"
  uint64_t size = 0;
};

struct BinlogEvent {
  uint64_t pos = 0;      // start of the record's frame
  uint64_t end_pos = 0;  // end of the record's frame
  std::string type;      // "Query", "Table_map", "Write_rows", "Update_rows", "Delete_rows", "Xid"
  std::string info;
};

// Maps log records to binlog events, tracking what it needs from earlier records: table names
// by id and, per table, the primary keys of its rows. Not thread-safe (one reader's state).
class BinlogEventMapper {
 public:
  // Updates the state with `record` (a snapshot record or an earlier log record) without
  // producing events.
  void Observe(const LogRecord& record);
  // Appends the events of `record`, stored at [pos, end_pos), then observes it.
  void Map(const LogRecord& record, uint64_t pos, uint64_t end_pos, std::vector<BinlogEvent>* out);

 private:
  struct TableState {
    std::string db;
    std::string name;
    std::set<Key, KeyLess> keys;
  };
  // "`db`.`t`" of a known table, or "table_id N" for one the reader never saw created.
  std::string QualifiedName(uint64_t table_id) const;
  std::string UseDb(uint64_t table_id) const;
  std::string TableName(uint64_t table_id) const;

  std::map<uint64_t, TableState> tables_;
};

// Log files of `datadir` that are still part of the log (not covered by the checkpoint snapshot),
// oldest first, with their current sizes.
Result<std::vector<BinlogFile>> ListBinlogFiles(const std::string& datadir);

// The events of log file `log_name` (empty: the first one), in file order. Error: kInternal
// "Could not find target log" when the file is not (or no longer) part of the log.
Result<std::vector<BinlogEvent>> ReadBinlogEvents(const std::string& datadir,
                                                  const std::string& log_name);

}  // namespace storage

#endif  // STORAGE_BINLOG_READER_H_
