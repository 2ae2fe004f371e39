package dev.rivulet.bench;

import dev.rivulet.api.runtime.RivuletBuilder;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Kafka Streams with one memory budget for every store of the process, the way its documentation
 * bounds RocksDB memory: one shared block cache, memtables charged to it through a
 * {@link WriteBufferManager}, index and filter blocks in the cache. The budget is Rivulet's
 * default (64 MiB of cache, 32 MiB of memtables within it) instead of Kafka Streams' per-store
 * defaults (50 MiB of cache and 3 x 16 MiB of memtables for each of the eight stores), so that
 * the two can be compared on the same memory (contender {@code kstreams-eos-tx-bounded}).
 */
public final class BoundedStreamsMemory implements RocksDBConfigSetter {
  private static final Cache CACHE =
      new LRUCache(RivuletBuilder.DEFAULT_BLOCK_CACHE_BYTES, -1, false, 0.1);
  private static final WriteBufferManager WRITE_BUFFERS =
      new WriteBufferManager(RivuletBuilder.DEFAULT_WRITE_BUFFER_BYTES, CACHE);

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(CACHE);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    // partitioned index and filters, as the documentation suggests for a bounded cache
    table.setIndexType(IndexType.kTwoLevelIndexSearch);
    table.setPartitionFilters(true);
    table.setMetadataBlockSize(4096);
    options.setWriteBufferManager(WRITE_BUFFERS);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache and the write buffer manager are shared by every store: never closed here
  }
}
