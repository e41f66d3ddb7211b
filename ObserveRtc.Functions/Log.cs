using System;
using Microsoft.Extensions.Logging;

namespace ObserveRtc.Functions;

/// <summary>The app's logs, source-generated, with stable event ids (1xx ingest, 2xx entities, 3xx maintenance, 4xx reads).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Batch of {Events} events from partition {PartitionId}: {Accepted} samples accepted, {Rejected} rejected, {Signals} entity signals")]
    public static partial void BatchIngested(ILogger logger, int events, string partitionId, int accepted, int rejected, int signals);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Batch from partition {PartitionId}: {Error}")]
    public static partial void BatchError(ILogger logger, string partitionId, string error);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Batch from partition {PartitionId} could not be ingested ({Events} events)")]
    public static partial void BatchFailed(ILogger logger, Exception exception, string partitionId, int events);

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "{Entity} {Key} {Operation}: {Error}")]
    public static partial void EntityError(ILogger logger, string entity, string key, string operation, string error);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "{Entity} {Key} {Operation} failed; its state is kept as far as the operation got")]
    public static partial void EntityFailed(ILogger logger, Exception exception, string entity, string key, string operation);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "{Entity} {Key} {Operation}: {Dropped} report(s) given up after repeated delivery failures")]
    public static partial void ReportsDropped(ILogger logger, string entity, string key, string operation, int dropped);

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Entity storage cleaned: {EmptyEntitiesRemoved} empty entities removed, {OrphanedLocksReleased} orphaned locks released, whole task hub scanned: {Complete}")]
    public static partial void EntityStorageCleaned(ILogger logger, int emptyEntitiesRemoved, int orphanedLocksReleased, bool complete);

    [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "Entity storage cleanup failed")]
    public static partial void EntityStorageCleanupFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 400, Level = LogLevel.Error, Message = "Read {Operation} failed")]
    public static partial void ReadFailed(ILogger logger, Exception exception, string operation);
}
