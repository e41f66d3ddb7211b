namespace ObserveRtc.Core.Reports;

/// <summary>The fields every client-side report shares (report schema 2.2 common header).</summary>
internal readonly record struct ClientReportHeader(
    string ServiceId,
    string MediaUnitId,
    long Timestamp,
    string CallId,
    string ClientId,
    long? SampleSeq,
    string? Marker,
    string? RoomId,
    string? UserId);

/// <summary>The fields every SFU report shares.</summary>
internal readonly record struct SfuReportHeader(string ServiceId, string MediaUnitId, string SfuId, long Timestamp, string? Marker);
