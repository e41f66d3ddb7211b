using System;
using System.Threading.Tasks;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Ingest;

namespace ObserveRtc.Functions;

/// <summary>
/// One SFU's Durable entity (key: <see cref="EntityKeys.For"/> of the sfuId). Thin: each operation
/// runs <see cref="SfuEntityLogic"/> with the current time and applies its step. Operations
/// dispatch by public method name, case-insensitively: <see cref="SfuEntityOperations.Observe"/>
/// ("observe") runs <see cref="Observe"/>, <see cref="SfuEntityOperations.Tick"/> ("tick") runs <see cref="Tick"/>.
/// </summary>
public sealed class SfuEntity(SfuEntityLogic logic, TimeProvider time, ILogger<SfuEntity> logger) : ObserverEntity<SfuEntityState>(time, logger)
{
    /// <summary>A batch's samples of this SFU.</summary>
    public Task Observe(SfuObservation observation) =>
        ApplyAsync(SfuEntityOperations.Observe, SfuEntityOperations.Tick, () => logic.ObserveAsync(State, observation, Now()));

    /// <summary>The entity's own timer signal; a stale token does nothing.</summary>
    public Task Tick(string? token = null) =>
        ApplyAsync(SfuEntityOperations.Tick, SfuEntityOperations.Tick, () => logic.TickAsync(State, token, Now()));

    [Function(EntityNames.Sfu)]
    public static Task Run([EntityTrigger] TaskEntityDispatcher dispatcher) => dispatcher.DispatchAsync<SfuEntity>();

    private protected override string EntityName => EntityNames.Sfu;
}
