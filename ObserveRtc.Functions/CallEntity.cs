using System;
using System.Threading.Tasks;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ObserveRtc.Core.Entities;
using ObserveRtc.Core.Ingest;

namespace ObserveRtc.Functions;

/// <summary>
/// One call's Durable entity (key: <see cref="EntityKeys.For"/> of the callId). Thin: each operation
/// runs <see cref="CallEntityLogic"/> with the current time and applies its step. Operations
/// dispatch by public method name, case-insensitively: <see cref="CallEntityOperations.Observe"/>
/// ("observe") runs <see cref="Observe"/>, <see cref="CallEntityOperations.Tick"/> ("tick") runs <see cref="Tick"/>.
/// </summary>
public sealed class CallEntity(CallEntityLogic logic, TimeProvider time, ILogger<CallEntity> logger) : ObserverEntity<CallEntityState>(time, logger)
{
    /// <summary>A batch's samples of this call.</summary>
    public Task Observe(CallObservation observation) =>
        ApplyAsync(CallEntityOperations.Observe, CallEntityOperations.Tick, () => logic.ObserveAsync(State, observation, Now()));

    /// <summary>The entity's own timer signal; a stale token does nothing.</summary>
    public Task Tick(string? token = null) =>
        ApplyAsync(CallEntityOperations.Tick, CallEntityOperations.Tick, () => logic.TickAsync(State, token, Now()));

    [Function(EntityNames.Call)]
    public static Task Run([EntityTrigger] TaskEntityDispatcher dispatcher) => dispatcher.DispatchAsync<CallEntity>();

    private protected override string EntityName => EntityNames.Call;
}
