using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using ObserveRtc.Core.Samples;

namespace ObserveRtc.Core.Storage;

/// <summary>
/// <see cref="IRejectedSampleStore"/> on Azure Table Storage. PK = <c>service|yyyyMMdd</c> of the
/// receive time (UTC), RK = <c>invertedTicks|id</c> (newest first). Long details and body prefixes
/// are cut to 8K characters each (a string column holds 32K; column <c>Truncated</c> says so).
/// </summary>
public sealed class TableRejectedSampleStore : IRejectedSampleStore
{
    private readonly TableStorage _storage;

    /// <summary>Creates the store on <paramref name="storage"/>.</summary>
    public TableRejectedSampleStore(TableStorage storage) => _storage = storage;

    /// <inheritdoc />
    public Task<WriteResult<RejectedSample>> WriteAsync(IReadOnlyList<RejectedSample> rejections, CancellationToken cancellationToken = default)
    {
        var entities = new List<PendingEntity>();
        var refused = new Dictionary<int, string>();
        for (var i = 0; i < rejections.Count; i++)
        {
            try
            {
                entities.Add(new PendingEntity(_storage.RejectedSamplesTable, ToEntity(rejections[i]), i));
            }
            catch (Exception e) when (e is EntityLimitException or ArgumentException)
            {
                refused[i] = TableBatchWriter.Describe(e);
            }
        }
        return TableBatchWriter.WriteAsync(_storage, rejections, entities, refused, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<RejectedSample> GetAsync(string serviceId, long fromMs, long toMs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in TableReportStore.QueryDayWindowAsync(_storage, _storage.RejectedSamplesTable, serviceId, fromMs, toMs, cancellationToken).ConfigureAwait(false))
        {
            yield return FromEntity(entity);
        }
    }

    internal static TableEntity ToEntity(RejectedSample rejected)
    {
        var rejection = rejected.Rejection;
        var entity = new TableEntity(
            ReportEntities.DayPartition(rejected.ServiceId, rejected.ReceivedAtMs),
            TableKeys.Join(TableKeys.InvertedTicks(rejected.ReceivedAtMs), rejected.Id))
        {
            ["ReceivedAtMs"] = rejected.ReceivedAtMs,
            ["Reason"] = rejection.Reason,
        };
        var truncated = false;
        // Every sender-chosen text is cut to fit (a service id too long is itself a rejection's reason).
        entity["ServiceId"] = Cut(rejected.ServiceId, ref truncated);
        entity["SourceId"] = Cut(rejected.SourceId, ref truncated);
        if (rejected.MediaUnitId is not null) entity["MediaUnitId"] = Cut(rejected.MediaUnitId, ref truncated);
        if (rejection.ClientId is not null) entity["ClientId"] = Cut(rejection.ClientId, ref truncated);
        if (rejection.SampleIndex is not null) entity["SampleIndex"] = rejection.SampleIndex;
        entity["Detail"] = Cut(rejection.Detail, ref truncated);
        // The body in the payload columns (an unavailable registry's rejection keeps the whole body so
        // the sample can be replayed: one over about 520K characters is stored gzip-compressed).
        PayloadColumns.Write(entity, rejection.BodyPrefix);
        entity[PayloadColumns.TruncatedColumn] = truncated || (bool)entity[PayloadColumns.TruncatedColumn];
        EntityLimits.Validate(entity);
        return entity;
    }

    internal static RejectedSample FromEntity(TableEntity entity) => new(
        entity.GetString("ServiceId") ?? string.Empty,
        entity.GetString("MediaUnitId"),
        entity.GetInt64("ReceivedAtMs") ?? 0,
        entity.GetString("SourceId") ?? string.Empty,
        new SampleRejection(
            entity.GetString("Reason") ?? string.Empty,
            entity.GetString("Detail") ?? string.Empty,
            entity.GetString("ClientId"),
            entity.GetString("SampleIndex"),
            PayloadColumns.Read(entity).Json));

    private static string Cut(string value, ref bool truncated)
    {
        const int max = 8 * 1024;
        if (value.Length <= max) return value;
        truncated = true;
        var take = char.IsHighSurrogate(value[max - 1]) ? max - 1 : max;
        return value[..take];
    }
}
