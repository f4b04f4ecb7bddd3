using Hale.Hosting.Events;

namespace Hale.Hosting.Tests.Events;

/// <summary>The journal's ring, resume and subscriber queues, without HTTP.</summary>
public sealed class TransitionJournalTests
{
    [Fact]
    public void Record_PastCapacity_KeepsTheLastEventsNumberedWithoutGaps()
    {
        var journal = new TransitionJournal(3, TimeProvider.System);

        for (var i = 0; i < 7; i++)
        {
            journal.Record(TransitionKind.Check, "c", "ok", "fail", null);
        }

        Assert.Equal([5L, 6L, 7L], journal.Snapshot().Select(e => e.Id));
        Assert.Equal(7, journal.LastId);
    }

    [Fact]
    public void Record_DetailWithCredentialsAndControlCharacters_IsSanitised()
    {
        var journal = new TransitionJournal(3, TimeProvider.System);

        var e = journal.Record(TransitionKind.Check, "c", null, "fail", "GET https://user:secret@db.example/health?token=abc failed\nnext");

        Assert.DoesNotContain("secret", e.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("token=abc", e.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Detail!);
    }

    [Fact]
    public void Subscribe_AfterAnIdNewerThanAnyRecorded_LostNoticeThenEverythingKept()
    {
        var journal = new TransitionJournal(10, TimeProvider.System);
        journal.Record(TransitionKind.Service, "s", null, "starting", null);
        journal.Record(TransitionKind.Service, "s", "starting", "ready", null);

        using var subscription = journal.Subscribe(after: 500, queueCapacity: 4);

        Assert.Equal([TransitionKind.Lost, TransitionKind.Service, TransitionKind.Service], subscription.Backlog.Select(e => e.Kind));
        Assert.Equal([0L, 1L, 2L], subscription.Backlog.Select(e => e.Id));
    }

    [Fact]
    public void Subscribe_QueueFull_DroppedAndRemoved_OthersStillServed()
    {
        var journal = new TransitionJournal(100, TimeProvider.System);
        using var slow = journal.Subscribe(after: null, queueCapacity: 2);
        using var fast = journal.Subscribe(after: null, queueCapacity: 100);

        for (var i = 0; i < 5; i++)
        {
            journal.Record(TransitionKind.Action, "a", null, "promoted", null);
        }

        var fastIds = new List<long>();
        while (fast.Reader.TryRead(out var e))
        {
            fastIds.Add(e!.Id);
        }

        Assert.True(slow.IsDropped);
        Assert.True(slow.Reader.Completion.IsCompleted || slow.Reader.Count == 2);
        Assert.Equal(1, journal.SubscriberCount);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], fastIds);
    }
}
