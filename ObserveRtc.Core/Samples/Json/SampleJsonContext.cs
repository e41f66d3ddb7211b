using System.Text.Json;
using System.Text.Json.Serialization;
using S2 = ObserveRtc.Core.Samples.Schema2;
using S3 = ObserveRtc.Core.Samples.Schema3;

namespace ObserveRtc.Core.Samples.Json;

// Source-generated (de)serialization of the sample schemas: property names are the schemas' own
// (camelCase), unknown fields are skipped, numbers and strings are read leniently. One context per
// schema major because both majors name a type ExtensionStat and ClientSample.

/// <summary>Schema 2.x: the Samples envelope and bare Client/Sfu/Turn samples.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    MaxDepth = 64,
    Converters = [typeof(LenientInt64Converter), typeof(LenientDoubleConverter), typeof(LenientBooleanConverter), typeof(LenientStringConverter), typeof(NullSkippingListConverterFactory), typeof(SampleModelConverterFactory)])]
[JsonSerializable(typeof(S2.Samples))]
[JsonSerializable(typeof(S2.ClientSample))]
[JsonSerializable(typeof(S2.SfuSample))]
[JsonSerializable(typeof(S2.TurnSample))]
[JsonSerializable(typeof(S2.Controls))]
public sealed partial class Schema2JsonContext : JsonSerializerContext;

/// <summary>Schema 3.x: the ClientSample.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    MaxDepth = 64,
    Converters = [typeof(LenientInt64Converter), typeof(LenientDoubleConverter), typeof(LenientBooleanConverter), typeof(LenientStringConverter), typeof(NullSkippingListConverterFactory), typeof(SampleModelConverterFactory)])]
[JsonSerializable(typeof(S3.ClientSample))]
[JsonSerializable(typeof(S3.MediaSourceStats))] // read from a media source's copied text (Schema3Views)
public sealed partial class Schema3JsonContext : JsonSerializerContext;
